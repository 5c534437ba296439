"""Reading the files people send (CSV in its encodings and separators, XLSX, HTML, PDF, text) into
rows of cell texts, within limits checked before any parsing; every failure a `base.ReadError`
naming the file, the row and the field, in French. Plain functions on bytes: which rows mean what
is the caller's business (ingest's laureates, applications' yearly statuses)."""
