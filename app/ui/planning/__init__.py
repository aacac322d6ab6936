"""The team lead's planning views: plans (备案), the draw (双随机), merges (撮合), the board, progress (公示)."""
