"""Pictures: the image files of covers and photo credits, their checks and their renditions.

The files go through Django's storage API (`STORAGES["default"]`: the file system under
MEDIA_ROOT, or an S3-compatible store, see config/settings.py). Each picture has renditions at
RENDITION_WIDTHS, made by django-imagekit when the model is saved with a new file (its
"optimistic" strategy): a reader's request then only computes their names, without asking the
storage whether they exist, so a page of pictures costs no query and no storage round trip.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.images import get_image_dimensions
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from imagekit.cachefiles.strategies import Optimistic
from imagekit.models import ImageSpecField
from PIL import Image
from pilkit.processors import ResizeToFit
from rest_framework import serializers

logger = logging.getLogger(__name__)

# The widths (pixels) a front end picks from: a phone, a column of text, a wide screen.
RENDITION_WIDTHS = (320, 640, 1280)
RENDITION_FORMAT = "WEBP"  # a third of a JPEG's size; every current browser shows it
RENDITION_QUALITY = 80

# What Pillow reports for the formats editors may upload.
ALLOWED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}


class RenditionsOnSave(Optimistic):
    """imagekit's optimistic strategy: renditions are made when the source is saved, and never
    looked for when read. A source whose file is missing (a document loaded without its media)
    is logged, not raised: the row is saved and shown without renditions."""

    def on_source_saved(self, file):
        try:
            # Forced: the source is new, whatever imagekit's cache remembers of this name.
            file.generate(force=True)
        except (FileNotFoundError, OSError) as error:
            source = getattr(file.generator.source, "name", "?")
            logger.warning("no rendition of %s: %s", source, error)


def rendition_field(source: str, width: int) -> ImageSpecField:
    """The rendition of the image field `source` at `width` pixels (never wider than the
    original), declared on the model beside it (not a database column)."""
    return ImageSpecField(
        source=source,
        processors=[ResizeToFit(width=width, upscale=False)],
        format=RENDITION_FORMAT,
        options={"quality": RENDITION_QUALITY},
        cachefile_strategy="core.pictures.RenditionsOnSave",
    )


def validate_picture(file) -> None:
    """A newly uploaded picture must be a JPEG, PNG or WebP that Pillow reads whole, of at most
    IMAGE_MAX_BYTES. A file already stored is not read again."""
    if not file or getattr(file, "_committed", False):
        return  # a FieldFile already stored; an UploadedFile or a new FieldFile is checked
    if file.size > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            _("The picture is %(size)s; at most %(max)s is accepted."),
            code="picture_too_large",
            params={
                "size": filesizeformat(file.size),
                "max": filesizeformat(settings.IMAGE_MAX_BYTES),
            },
        )
    try:
        file.seek(0)
        with Image.open(file) as image:
            found = image.format
            image.verify()  # reads the whole file: a truncated or corrupt one is refused
    except Image.DecompressionBombError:
        raise ValidationError(
            _("The picture has too many pixels."), code="picture_pixels"
        ) from None
    except Exception:  # Pillow raises many kinds of error for a file it cannot read
        raise ValidationError(
            _("The file is not a picture, or it is damaged."), code="picture_invalid"
        ) from None
    finally:
        file.seek(0)
    if found not in ALLOWED_FORMATS:
        raise ValidationError(
            _("Pictures in %(format)s are not accepted: upload a JPEG, PNG or WebP file."),
            code="picture_format",
            params={"format": found or "?"},
        )


def picture_dimensions(file) -> tuple[int | None, int | None]:
    """Width and height of a newly uploaded picture (None, None if it cannot be read)."""
    try:
        file.seek(0)
        width, height = get_image_dimensions(file)
        file.seek(0)
    except Exception:  # the validator reports an unreadable file
        return None, None
    return width, height


@dataclass(frozen=True)
class Picture:
    """A picture as the API shows it: the original and its renditions, with alt and credit."""

    url: str
    width: int | None
    height: int | None
    alt: str
    credit: str
    renditions: list[dict]


def rendition_size(width: int, height: int, target: int) -> tuple[int, int]:
    """The size ResizeToFit(width=target) gives an original of width × height."""
    ratio = target / width
    return round(width * ratio), round(height * ratio)


def picture_of(
    instance, field: str, *, width: int | None, height: int | None, alt: str, credit: str, request
) -> Picture | None:
    """The picture in `instance.<field>` with its renditions (`<field>_<width>` spec fields),
    or None without a file. Absolute URLs when a request is given. No query, no storage call
    (but the storage's `url()`, which for S3 is computed locally)."""
    image = getattr(instance, field)
    if not image:
        return None

    def absolute(url: str) -> str:
        return request.build_absolute_uri(url) if request is not None else url

    renditions = []
    if width and height:
        for target in RENDITION_WIDTHS:
            if target >= width:
                break  # the original is the widest there is
            rendition = getattr(instance, f"{field}_{target}")
            w, h = rendition_size(width, height, target)
            renditions.append({"width": w, "height": h, "url": absolute(rendition.url)})
    return Picture(
        url=absolute(image.url),
        width=width,
        height=height,
        alt=alt,
        credit=credit,
        renditions=renditions,
    )


class RenditionSerializer(serializers.Serializer):
    """A smaller copy of the picture."""

    width = serializers.IntegerField(help_text=_("Width in pixels."))
    height = serializers.IntegerField(help_text=_("Height in pixels."))
    url = serializers.URLField(help_text=_("Address of the WebP file."))


class PictureSerializer(serializers.Serializer):
    """An uploaded picture: the original, its renditions, the caption as alt text, the credit."""

    url = serializers.URLField(help_text=_("Address of the original file."))
    width = serializers.IntegerField(allow_null=True, help_text=_("Width in pixels."))
    height = serializers.IntegerField(allow_null=True, help_text=_("Height in pixels."))
    alt = serializers.CharField(help_text=_("Alternative text: the printed caption."))
    credit = serializers.CharField(help_text=_("The credit line as printed: 赵登文/摄."))
    renditions = RenditionSerializer(
        many=True,
        help_text=_(
            "Smaller copies (WebP) at 320, 640 and 1280 pixels wide, narrowest first; only "
            "those narrower than the original."
        ),
    )


def picture_data(picture: Picture | None) -> dict | None:
    """The picture as PictureSerializer gives it (its schema), built without a serializer:
    pages that show many pictures pay no serializer per picture."""
    if picture is None:
        return None
    return {
        "url": picture.url,
        "width": picture.width,
        "height": picture.height,
        "alt": picture.alt,
        "credit": picture.credit,
        "renditions": [dict(rendition) for rendition in picture.renditions],
    }


class PictureUploadSerializer(serializers.Serializer):
    """A picture sent by staff as multipart/form-data."""

    image = serializers.ImageField(
        validators=[validate_picture], help_text=_("A JPEG, PNG or WebP file.")
    )
