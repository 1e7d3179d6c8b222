"""sagasu: full-text search for Japanese article archives.

A thin layer over the C API of libsagasu.so (<sagasu/sagasu_c.h>) on ctypes:
requests and results are the C API's JSON, decoded into dicts; every error
the library reports is raised as a SagasuError carrying its code and message.

    import sagasu
    with sagasu.Index.open("site.db", writable=True) as index:
        index.index_paths(["_posts"])
        for hit in index.search("東京", tags=["旅行"])["hits"]:
            print(hit["id"], hit["title"])

The library is looked up in $SAGASU_LIBRARY, then by ctypes.util.find_library
("sagasu"), then as libsagasu.so.0 on the loader's path.
"""

from ._index import (
    CorruptionError,
    Index,
    InternalError,
    InvalidArgumentError,
    IOError_,
    NotFoundError,
    NotSupportedError,
    SagasuError,
    library_path,
    version,
)

__all__ = [
    "Index",
    "SagasuError",
    "NotFoundError",
    "InvalidArgumentError",
    "CorruptionError",
    "IOError_",
    "NotSupportedError",
    "InternalError",
    "library_path",
    "version",
]
