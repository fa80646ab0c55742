"""Opening user files safely: one encoding policy, size and line limits, folder containment.

Every reader of peled opens its file through :func:`read_text_file`, which

* refuses anything that is not a regular file (``/dev/zero``, FIFOs, sockets, devices,
  directories), so a reader never blocks or grows without bound;
* refuses files larger than :data:`MAX_FILE_BYTES` and lines longer than
  :data:`MAX_LINE_CHARS` with an error naming the limit;
* decodes with one policy: UTF-8 (a UTF-8 byte-order mark is removed; a UTF-16 file with
  its byte-order mark is decoded as UTF-16), else Latin-1 (ISO 8859-1, which accepts every
  byte), and says which one in :attr:`TextFile.encoding` and :attr:`TextFile.notes`;
* with ``root=``, refuses a path that resolves outside that folder (``../`` components,
  absolute paths, symbolic links leaving it), without reading the target.

Error messages quote user text only through :func:`excerpt` (at most
:data:`MAX_EXCERPT_CHARS` characters, escaped), so a hostile or huge file is never echoed.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from peled.errors import FileFormatError

__all__ = [
    "MAX_EXCERPT_CHARS",
    "MAX_FILE_BYTES",
    "MAX_LINE_CHARS",
    "TextFile",
    "excerpt",
    "inside",
    "read_text",
    "read_text_file",
    "resolve_inside",
]

#: Largest file peled reads (bytes): 512 MiB, twice the largest J-V-L export
#: (6 million rows, about 250 MB) seen from a lab's source-meter logging.
MAX_FILE_BYTES: int = 512 * 1024 * 1024
#: Longest line peled reads (characters): a transient-absorption map row with 4096
#: wavelength pixels of 20 characters each is about 82,000 characters.
MAX_LINE_CHARS: int = 1_000_000
#: Longest excerpt of a user's file quoted in an error message (characters).
MAX_EXCERPT_CHARS: int = 80


def excerpt(text: str, limit: int = MAX_EXCERPT_CHARS) -> str:
    """A short, escaped, quoted excerpt of user text for an error message.

    Parameters
    ----------
    text : str
        The text (a line or cell of a user's file).
    limit : int, optional
        Maximum number of characters of ``text`` quoted (default 80).

    Returns
    -------
    str
        ``repr`` of the (stripped) text cut to ``limit`` characters, with ``...`` after
        the closing quote when it was cut; control characters are escaped.

    Examples
    --------
    >>> excerpt("  V (V),J (mA/cm2)  ")
    "'V (V),J (mA/cm2)'"
    >>> excerpt("x" * 100, limit=5)
    "'xxxxx'..."
    """
    s = str(text).strip()
    cut = len(s) > limit
    quoted = repr(s[:limit])
    return quoted + ("..." if cut else "")


@dataclass(frozen=True)
class TextFile:
    """A decoded text file: its lines (no line ends), the encoding used and notes.

    ``encoding`` is ``"utf-8"``, ``"utf-8-sig"`` (UTF-8 with a byte-order mark),
    ``"utf-16"`` or ``"latin-1"``; ``notes`` holds one-line messages for the reader's
    warnings (e.g. that the file was not UTF-8 and was decoded as Latin-1).
    """

    path: Path
    lines: tuple[str, ...]
    encoding: str
    notes: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The whole text, lines joined by ``\\n``."""
        return "\n".join(self.lines)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def inside(path: Path, folder: Path) -> bool:
    """True when ``path`` resolves (symbolic links followed) inside ``folder``.

    Parameters
    ----------
    path, folder : Path
        The file and the folder it must stay in.

    Returns
    -------
    bool
        Whether the real path of ``path`` is ``folder``'s real path or below it.

    Examples
    --------
    >>> from pathlib import Path
    >>> batch = Path("batch")
    >>> inside(batch / "a" / ".." / "b", batch), inside(batch / ".." / "other", batch)
    (True, False)
    """
    real = Path(os.path.realpath(path))
    base = Path(os.path.realpath(folder))
    return real == base or base in real.parents


def resolve_inside(folder: str | Path, name: str | Path, root: str | Path | None = None,
                   *, what: str = "file", source: object = None) -> Path:
    """Path of ``name`` relative to ``folder``, refused when it leaves ``folder``/``root``.

    Parameters
    ----------
    folder : str or Path
        The folder naming the file (a device folder).
    name : str or Path
        The file name as written by the user (relative, or absolute).
    root : str or Path, optional
        A wider folder the file may also lie in (the batch root).
    what : str, optional
        What the file is, for the message (e.g. ``"field 'photodiode_responsivity_file'"``).
    source : object, optional
        File named in the error (default: ``folder / name``).

    Returns
    -------
    Path
        ``folder / name`` (not resolved, so messages show what the user wrote).

    Raises
    ------
    FileFormatError
        The path (after ``..`` and symbolic links) lies outside ``folder`` and ``root``;
        the message never quotes the target's content.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> resolve_inside(d, "r.csv") == d / "r.csv"
    True
    >>> try:
    ...     resolve_inside(d, "../../secret.csv", what="responsivity file")
    ... except Exception as exc:
    ...     print(str(exc).split(": ", 1)[1][:60])
    responsivity file '../../secret.csv' resolves outside the de
    >>> d.rmdir()
    """
    folder = Path(folder)
    p = Path(name) if Path(name).is_absolute() else folder / name
    allowed = [folder] + ([Path(root)] if root is not None else [])
    if not any(inside(p, a) for a in allowed):
        where = "the device folder" + (" and the batch folder" if root is not None else "")
        link = " (a symbolic link leaving it)" if p.is_symlink() else ""
        raise FileFormatError(
            source if source is not None else p,
            f"{what} {excerpt(str(name))} resolves outside {where}{link}; peled reads only "
            "files inside the device folder: copy the file there and name it relative to it",
        )
    return p


def _decode(p: Path, raw: bytes) -> tuple[str, str, tuple[str, ...]]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            text = ""
        if text and sum(c < "\x80" for c in text) >= 0.9 * len(text):
            return text, "utf-16", ()
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise FileFormatError(p, "binary data (NUL byte), not a UTF-8 or Latin-1 text file; "
                                 "export the data as CSV or text from the instrument software",
                              line=line)
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8"), "utf-8-sig", ()
        except UnicodeDecodeError:
            pass
    else:
        try:
            return raw.decode("utf-8"), "utf-8", ()
        except UnicodeDecodeError:
            pass
    note = f"{p.name}: not valid UTF-8; decoded as Latin-1 (ISO 8859-1)"
    return raw.decode("latin-1"), "latin-1", (note,)


def read_text_file(path: str | Path, *, root: str | Path | None = None,
                   what: str = "file") -> TextFile:
    """Read a user's text file under the limits and encoding policy of this module.

    Parameters
    ----------
    path : str or Path
        The file.
    root : str or Path, optional
        Folder the file must resolve inside (symbolic links followed).
    what : str, optional
        What the file is, for the containment message.

    Returns
    -------
    TextFile
        Lines without line ends (``\\n``, ``\\r\\n`` and ``\\r`` all end a line), the
        encoding used and notes.

    Raises
    ------
    FileFormatError
        Missing file, not a regular file, over :data:`MAX_FILE_BYTES`, a line over
        :data:`MAX_LINE_CHARS`, binary content, or outside ``root``.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()); f = d / "a.csv"
    >>> _ = f.write_bytes("T (°C);x\\r\\n".encode("latin-1"))
    >>> t = read_text_file(f)
    >>> t.lines, t.encoding
    (('T (°C);x',), 'latin-1')
    >>> f.unlink(); d.rmdir()
    """
    p = Path(path)
    if root is not None:
        resolve_inside(root, p.absolute(), what=what, source=p)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise FileFormatError(p, "file not found") from None
    except OSError as exc:
        raise FileFormatError(p, f"cannot read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise FileFormatError(p, "cannot read: Is a directory")
    if not stat.S_ISREG(st.st_mode):
        raise FileFormatError(p, f"cannot read: is {_kind(st.st_mode)}; peled reads regular text "
                                 "files only")
    if st.st_size > MAX_FILE_BYTES:
        raise FileFormatError(
            p, f"file is {st.st_size / 2**20:.0f} MiB, over peled's limit of "
               f"{MAX_FILE_BYTES // 2**20} MiB (peled.io.files.MAX_FILE_BYTES); split it",
        )
    try:
        with open(p, "rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise FileFormatError(p, f"cannot read ({exc.strerror or exc})") from None
    if len(raw) > MAX_FILE_BYTES:  # grew while reading
        raise FileFormatError(p, f"file is over peled's limit of {MAX_FILE_BYTES // 2**20} MiB")
    text, encoding, notes = _decode(p, raw)
    lines = text.splitlines()
    if lines and max(map(len, lines)) > MAX_LINE_CHARS:
        k = next(i for i, s in enumerate(lines) if len(s) > MAX_LINE_CHARS)
        raise FileFormatError(
            p, f"line of {len(lines[k])} characters, over peled's limit of {MAX_LINE_CHARS} "
               "(peled.io.files.MAX_LINE_CHARS); is this a text table with one row per line?",
            line=k + 1,
        )
    return TextFile(p, tuple(lines), encoding, notes)


def read_text(path: str | Path, *, root: str | Path | None = None) -> tuple[Path, str]:
    """Path and decoded text of a file (see :func:`read_text_file`).

    Parameters
    ----------
    path : str or Path
        The file.
    root : str or Path, optional
        Folder the file must resolve inside.

    Returns
    -------
    tuple of (Path, str)
        The path and its text (lines joined by ``\\n``).

    Examples
    --------
    >>> from importlib import resources
    >>> p, text = read_text(resources.files("peled") / "data/examples/defects/ta_map.csv")
    >>> text.splitlines()[2]
    '# unit: mOD'
    """
    t = read_text_file(path, root=root)
    return t.path, t.text
