"""The sync protocol on the server side: scoping, the change log, push with merge, pull by cursor."""
