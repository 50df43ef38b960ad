"""Pass 1 internals: change detection, motion, OCR crops, screen text, onset and tracks."""
