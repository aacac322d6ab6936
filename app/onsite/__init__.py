"""On-site work under an inspection code: checklist answers, evidence photos, signatures (Qt-free)."""
