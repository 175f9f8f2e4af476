"""Pages and feeds: the theme, Jinja rendering, feeds, the sitemap, hashed assets and the files copied beside the pages."""
