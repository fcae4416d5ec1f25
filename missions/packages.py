"""Uploaded Office packages (.xlsx workbooks, .docx documents): zip archives of XML parts."""

import zipfile
import zlib
from xml.etree import ElementTree

# How a damaged or hostile package fails to be read: not a zip, a part missing, bad XML, a
# compression method or encryption zipfile does not support, a corrupt stream.
UNREADABLE_PACKAGE = (
    zipfile.BadZipFile,
    KeyError,
    ElementTree.ParseError,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    OSError,
    zlib.error,
)
