"""`sitegen import`: turn pasted job ads and other boards' Markdown into draft postings.

The pipeline is pure until `command.run_import`, which alone reads sources and writes
files: repair (mis-decoded text) -> extract or migrate (-> Draft) -> render (-> text).
"""
