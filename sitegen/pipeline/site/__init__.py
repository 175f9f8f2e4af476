"""The site as a whole: select and cross-check posts, assemble the Site, plan every page,
aliases, standalone pages and the menu."""
