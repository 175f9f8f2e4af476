"""The image pipeline: every raster image a site publishes goes through here.

probe     what an image is (format, displayed size), and which images are broken
metadata  orientation, colour profiles (to sRGB), stripping, the GPS check of the output
variants  the widths to make and the encoding of each variant (pure: bytes in, bytes out)
cards     social cards: a cover cropped to 1200x630, or a card drawn from the title
markup    <picture>/<img> markup with width, height, srcset, sizes and loading hints
store     the content-addressed cache of encoded images in .sitegen-cache/images/

The build plugs these in through `sitegen.pipeline` hooks; nothing here knows about posts.
"""
