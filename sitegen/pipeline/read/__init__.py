"""Reading: discover the content folder, parse front matter, read posts, pages and data files."""
