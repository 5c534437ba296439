"""File writers (the ground floor's counterpart of the readers): what a cell or a text of any file
CoopDec writes may hold, decided once, whatever the caller forgot. Knows no record."""
