"""What the pipeline asks of sitegen.images: images probed and encoded, social cards, full-size copies."""

# The importers check that an image they copy is one the build can publish, through the pipeline
# (they may not import sitegen.images themselves: tests/test_layout.py).
from sitegen.images.probe import BadImage, is_image, probe

__all__ = ["BadImage", "is_image", "probe"]
