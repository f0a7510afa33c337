"""Commerce: the Oscar apps we fork (keeping Oscar's labels) and our own commerce apps."""
