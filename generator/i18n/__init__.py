"""Message catalogues: every UI string the generator writes, per language."""
