"""Markdown to HTML: the markdown-it setup and its rules (links, images, admonitions), and the
stage that turns each post and page into a Post."""
