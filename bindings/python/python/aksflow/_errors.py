"""aksflow's exceptions, raised by the native module with their data (codes, paths, messages).

Defined in Python because a native class on the stable ABI for Python 3.9 cannot subclass
``ValueError`` (pyo3 supports that under abi3 only from Python 3.12), and an exception type made
with pyo3's ``create_exception!`` has no methods.
"""

from __future__ import annotations

from typing import Any, List, Sequence, Tuple, TypedDict, Union

__all__ = [
    "AksflowError",
    "ErrorDetails",
    "InternalError",
    "Loc",
    "MigrationError",
    "ParseError",
    "ValidationError",
]

Loc = Tuple[Union[str, int], ...]
"""A path as a tuple: object keys as ``str``, list positions as ``int``, outermost first."""


class ErrorDetails(TypedDict):
    """One violation, pydantic-style."""

    type: str
    """The stable snake_case code, the same in Rust, Node and Python (``"pattern"``, ``"required"``, ...)."""
    loc: Loc
    """Where, e.g. ``("tags", "team")`` or ``(2, "spec", "agentPoolProfiles", 0, "vmSize")``."""
    msg: str
    """Why, for a person."""
    path: str
    """Where, as Rust, Node and the CLI print it: ``"tags.team"``, ``"[2].spec.agentPoolProfiles[0].vmSize"``."""


class AksflowError(Exception):
    """Every exception aksflow raises derives from this one."""


class ValidationError(AksflowError, ValueError):
    """The input broke one or more rules; :meth:`errors` lists every violation.

    ``str(error)`` lists them all too, one per line, as ``path: message [code]``.
    """

    def __init__(self, message: str, errors: Sequence[ErrorDetails]) -> None:
        super().__init__(message)
        self._errors: List[ErrorDetails] = list(errors)

    def errors(self) -> List[ErrorDetails]:
        """Every violation, in the order the document was walked (fresh dicts on every call)."""
        return [error.copy() for error in self._errors]

    def error_count(self) -> int:
        """How many violations there are."""
        return len(self._errors)

    def __reduce__(self) -> Any:
        # Picklable (a process pool sends exceptions back pickled).
        return (type(self), (str(self), self._errors))


class ParseError(AksflowError, ValueError):
    """Text that is not well-formed YAML/JSON, or a document without the expected shape.

    ``loc`` says where (empty when the text itself is malformed: the message then has the line and
    column) and ``msg`` what is wrong.
    """

    def __init__(self, message: str, loc: Loc = (), msg: str = "") -> None:
        super().__init__(message)
        self.loc: Loc = tuple(loc)
        self.msg: str = msg or message

    def __reduce__(self) -> Any:
        return (type(self), (str(self), self.loc, self.msg))


class MigrationError(AksflowError, ValueError):
    """A KRO migration step failed: the RGD, an instance, the mapping, or the extracted request.

    ``code`` is the core's code (``"instance"``, ``"cel_syntax"``, ``"mapping"``, ``"request"``,
    ...), ``path`` where (``"spec.clusterName"``, ``"spec.resources[0].template.spec.location"``).
    """

    def __init__(self, message: str, code: str = "", path: str = "") -> None:
        super().__init__(message)
        self.code: str = code
        self.path: str = path

    def __reduce__(self) -> Any:
        return (type(self), (str(self), self.code, self.path))


class InternalError(AksflowError, RuntimeError):
    """A bug in aksflow: a Rust panic caught at the binding's boundary. The interpreter goes on."""
