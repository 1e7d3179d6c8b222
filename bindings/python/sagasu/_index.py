"""ctypes declarations of <sagasu/sagasu_c.h> and the Index class over them."""

import ctypes
import ctypes.util
import json
import os

# The SONAME's major version: the ABI these declarations match.
_SONAME = "libsagasu.so.0"

_lib = None
_lib_path = None


def _load():
    """Loads libsagasu once: $SAGASU_LIBRARY, ctypes.util, then the SONAME."""
    global _lib, _lib_path
    if _lib is not None:
        return _lib
    candidates = []
    env = os.environ.get("SAGASU_LIBRARY")
    if env:
        candidates.append(env)
    else:
        found = ctypes.util.find_library("sagasu")
        if found:
            candidates.append(found)
        candidates += [_SONAME, "libsagasu.so"]
    errors = []
    for name in candidates:
        try:
            lib = ctypes.CDLL(name)
        except OSError as e:
            errors.append(str(e))
            continue
        _declare(lib)
        _lib, _lib_path = lib, name
        return lib
    where = "SAGASU_LIBRARY=" + env if env else "the loader's path (set SAGASU_LIBRARY to libsagasu.so)"
    raise OSError("sagasu: cannot load libsagasu from " + where + ": " + "; ".join(errors))


def _declare(lib):
    c_int, c_char_p, c_void_p, c_size_t = ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_size_t
    out_str = ctypes.POINTER(c_void_p)  # char**: read with string_at, free with sagasu_free
    signatures = {
        "sagasu_version": (c_char_p, []),
        "sagasu_code_name": (c_char_p, [c_int]),
        "sagasu_open": (c_int, [c_char_p, c_int, c_char_p, ctypes.POINTER(c_void_p), out_str]),
        "sagasu_close": (None, [c_void_p]),
        "sagasu_add_json": (c_int, [c_void_p, c_char_p, out_str]),
        "sagasu_delete": (c_int, [c_void_p, c_char_p, out_str]),
        "sagasu_commit": (c_int, [c_void_p, out_str]),
        "sagasu_index_paths": (c_int, [c_void_p, ctypes.POINTER(c_char_p), c_size_t, out_str, out_str]),
        "sagasu_search_json": (c_int, [c_void_p, c_char_p, out_str, out_str]),
        "sagasu_document_count": (ctypes.c_uint64, [c_void_p]),
        "sagasu_reopen": (c_int, [c_void_p, out_str]),
        "sagasu_free": (None, [c_void_p]),
    }
    for name, (restype, argtypes) in signatures.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes


def library_path():
    """The name or path libsagasu was loaded from."""
    _load()
    return _lib_path


def version():
    """The library's version, e.g. "0.1.0"."""
    return _load().sagasu_version().decode()


class SagasuError(Exception):
    """An error the C API reported: `code` (sagasu_code_t), `code_name`
    ("InvalidArgument", ...) and `message` (the library's, naming the
    parameter or file)."""

    def __init__(self, code, code_name, message):
        super().__init__(message)
        self.code = code
        self.code_name = code_name
        self.message = message


class NotFoundError(SagasuError):
    """SAGASU_NOT_FOUND: no index at the path, no article with that id."""


class InvalidArgumentError(SagasuError):
    """SAGASU_INVALID_ARGUMENT: bad JSON, option, parameter or query."""


class CorruptionError(SagasuError):
    """SAGASU_CORRUPTION: the index is damaged."""


class IOError_(SagasuError):
    """SAGASU_IO_ERROR: cannot read or write; another process is writing."""


class NotSupportedError(SagasuError):
    """SAGASU_NOT_SUPPORTED: e.g. writing through a read-only index."""


class InternalError(SagasuError):
    """SAGASU_INTERNAL: unexpected failure inside the library."""


_ERRORS = {1: NotFoundError, 2: InvalidArgumentError, 3: CorruptionError, 4: IOError_, 5: NotSupportedError,
           6: InternalError}


def _take(lib, ptr):
    """The library-allocated string at ptr, decoded; frees it."""
    if not ptr:
        return None
    try:
        return ctypes.string_at(ptr).decode("utf-8")
    finally:
        lib.sagasu_free(ptr)


def _check(lib, code, errmsg):
    message = _take(lib, errmsg.value)
    if code != 0:
        cls = _ERRORS.get(code, SagasuError)
        raise cls(code, lib.sagasu_code_name(code).decode(), message or "")


def _bytes(text, what):
    if not isinstance(text, str):
        raise TypeError("sagasu: %s must be str, not %s" % (what, type(text).__name__))
    return text.encode("utf-8")


class Index:
    """An open index (sagasu_index_t). Searches may run from several threads;
    close() must not overlap other calls. Use as a context manager or call
    close(); uncommitted adds and deletes are dropped on close."""

    _handle = None  # also when __init__ fails, for __del__

    def __init__(self, path, writable=False, options=None):
        """Opens the index directory `path`: read-only (the index must exist)
        or writable (created when missing). `options` is a dict of the C
        API's open options ("user_dic", "threads", "k1", ...)."""
        lib = _load()
        self._lib = lib
        self._handle = None
        options_json = None if options is None else json.dumps(options).encode()
        handle = ctypes.c_void_p()
        errmsg = ctypes.c_void_p()
        code = lib.sagasu_open(_bytes(os.fspath(path), "path"), 1 if writable else 0, options_json,
                               ctypes.byref(handle), ctypes.byref(errmsg))
        _check(lib, code, errmsg)
        self._handle = handle

    @classmethod
    def open(cls, path, writable=False, options=None):
        return cls(path, writable=writable, options=options)

    def close(self):
        if self._handle is not None:
            self._lib.sagasu_close(self._handle)
            self._handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        self.close()

    def _h(self):
        if self._handle is None:
            raise ValueError("sagasu: the index is closed")
        return self._handle

    def _call(self, fn, *args):
        errmsg = ctypes.c_void_p()
        code = fn(self._h(), *args, ctypes.byref(errmsg))
        _check(self._lib, code, errmsg)

    def add(self, document):
        """Adds (or replaces) one article: a dict with "id" and any of
        "title", "body", "tags", "categories", "date", "url", "author",
        "excerpt". Visible to searches after commit()."""
        self._call(self._lib.sagasu_add_json, json.dumps(document, ensure_ascii=False).encode())

    def delete(self, doc_id):
        """Deletes the article at the next commit; NotFoundError when the
        last commit has no such article."""
        self._call(self._lib.sagasu_delete, _bytes(doc_id, "id"))

    def commit(self):
        """Commits pending adds and deletes atomically."""
        self._call(self._lib.sagasu_commit)

    def index_paths(self, paths):
        """Indexes directories of Markdown posts, post files and .jsonl files
        and commits, like `sagasu index`. Returns the report dict ("added",
        "updated", "failed", "errors", ...); inputs that fail are listed
        there, not raised."""
        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        encoded = [_bytes(os.fspath(p), "path") for p in paths]
        array = (ctypes.c_char_p * len(encoded))(*encoded)
        report = ctypes.c_void_p()
        errmsg = ctypes.c_void_p()
        code = self._lib.sagasu_index_paths(self._h(), array, len(encoded), ctypes.byref(report), ctypes.byref(errmsg))
        text = _take(self._lib, report.value)
        _check(self._lib, code, errmsg)
        return json.loads(text)

    def search(self, q=None, **params):
        """Runs a search; `params` are the C API's request keys ("tags",
        "tag_mode", "categories", "authors", "since", "until", "sort",
        "offset", "limit", "snippets", "snippet_chars", "facets", "explain").
        Returns the result dict ("total", "hits", "facets", ...). An unknown
        key or a bad value raises InvalidArgumentError naming it."""
        request = dict(params)
        if q is not None:
            request["q"] = q
        result = ctypes.c_void_p()
        errmsg = ctypes.c_void_p()
        code = self._lib.sagasu_search_json(self._h(), json.dumps(request, ensure_ascii=False).encode(),
                                            ctypes.byref(result), ctypes.byref(errmsg))
        text = _take(self._lib, result.value)
        _check(self._lib, code, errmsg)
        return json.loads(text)

    def document_count(self):
        """Live articles as of the last commit searches see."""
        return int(self._lib.sagasu_document_count(self._h()))

    def reopen(self):
        """Makes searches see the latest commit, including other processes'."""
        self._call(self._lib.sagasu_reopen)
