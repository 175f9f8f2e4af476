"""What the pipeline asks of sitegen.images: images probed and encoded, social cards, full-size copies."""
