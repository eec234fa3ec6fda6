/*
 * pickle.c - static scan of pickle checkpoints (see pickle.h).
 *
 * The walker is one state machine over a byte stream: an opcode byte, then
 * its argument (a fixed-size field, a counted payload or a text line),
 * gathered whatever the chunking, then the opcode's effect on a model of
 * the stack.  The model keeps only what naming an import needs: short
 * strings (in a per-pickle arena), imported globals, the results of calling
 * them, marks, and "some other value".  Payloads are skipped by counting,
 * never allocated.  The memo is a hash table from index to item, so
 * GET/BINGET/LONG_BINGET of a memoised string resolves exactly as the
 * unpickler would.  Imports are named once, classified once (allow, review,
 * deny) and kept in a table for the facts.
 *
 * Containers: pickle_feed walks a bare or legacy stream; pickle_pull reads a
 * zip checkpoint through libarchive (the only place that library is used for
 * weights) and feeds each *.pkl entry to the same walker.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <archive.h>
#include <archive_entry.h>
#include <cjson/cJSON.h>

#include "err.h"
#include "jsonout.h"
#include "pickle.h"
#include "utf8.h"

/* ---- opcodes ------------------------------------------------------------ */

enum argk {
    A_NONE, A_U1, A_U2, A_I4, A_U4, A_U8, A_F8,
    A_NUMLINE,      /* INT, LONG, FLOAT, GET, PUT: decimal text line */
    A_PAIR,         /* GLOBAL, INST: "module\nname\n" */
    A_QUOTED,       /* STRING: a quoted, escaped line */
    A_RAWUNI,       /* UNICODE: a raw-unicode-escape line */
    A_ASCIILINE,    /* PERSID */
    A_L1, A_L4S, A_L4, A_L8,   /* a length (uint1, signed int4, uint4, uint8), then that many bytes */
};

static const struct {
    const char *name;   /* NULL: not an opcode */
    uint8_t arg, proto;
} optab[256] = {
    ['('] = { "MARK", A_NONE, 0 },            ['.'] = { "STOP", A_NONE, 0 },
    ['0'] = { "POP", A_NONE, 0 },             ['1'] = { "POP_MARK", A_NONE, 0 },
    ['2'] = { "DUP", A_NONE, 0 },             ['F'] = { "FLOAT", A_NUMLINE, 0 },
    ['I'] = { "INT", A_NUMLINE, 0 },          ['L'] = { "LONG", A_NUMLINE, 0 },
    ['N'] = { "NONE", A_NONE, 0 },            ['P'] = { "PERSID", A_ASCIILINE, 0 },
    ['R'] = { "REDUCE", A_NONE, 0 },          ['S'] = { "STRING", A_QUOTED, 0 },
    ['V'] = { "UNICODE", A_RAWUNI, 0 },       ['a'] = { "APPEND", A_NONE, 0 },
    ['b'] = { "BUILD", A_NONE, 0 },           ['c'] = { "GLOBAL", A_PAIR, 0 },
    ['d'] = { "DICT", A_NONE, 0 },            ['g'] = { "GET", A_NUMLINE, 0 },
    ['i'] = { "INST", A_PAIR, 0 },            ['l'] = { "LIST", A_NONE, 0 },
    ['p'] = { "PUT", A_NUMLINE, 0 },          ['s'] = { "SETITEM", A_NONE, 0 },
    ['t'] = { "TUPLE", A_NONE, 0 },
    ['G'] = { "BINFLOAT", A_F8, 1 },          ['J'] = { "BININT", A_I4, 1 },
    ['K'] = { "BININT1", A_U1, 1 },           ['M'] = { "BININT2", A_U2, 1 },
    ['Q'] = { "BINPERSID", A_NONE, 1 },       ['T'] = { "BINSTRING", A_L4S, 1 },
    ['U'] = { "SHORT_BINSTRING", A_L1, 1 },   ['X'] = { "BINUNICODE", A_L4, 1 },
    [']'] = { "EMPTY_LIST", A_NONE, 1 },      ['e'] = { "APPENDS", A_NONE, 1 },
    ['h'] = { "BINGET", A_U1, 1 },            ['j'] = { "LONG_BINGET", A_U4, 1 },
    ['o'] = { "OBJ", A_NONE, 1 },             ['q'] = { "BINPUT", A_U1, 1 },
    ['r'] = { "LONG_BINPUT", A_U4, 1 },       ['u'] = { "SETITEMS", A_NONE, 1 },
    ['}'] = { "EMPTY_DICT", A_NONE, 1 },      [')'] = { "EMPTY_TUPLE", A_NONE, 1 },
    [0x80] = { "PROTO", A_U1, 2 },            [0x81] = { "NEWOBJ", A_NONE, 2 },
    [0x82] = { "EXT1", A_U1, 2 },             [0x83] = { "EXT2", A_U2, 2 },
    [0x84] = { "EXT4", A_I4, 2 },             [0x85] = { "TUPLE1", A_NONE, 2 },
    [0x86] = { "TUPLE2", A_NONE, 2 },         [0x87] = { "TUPLE3", A_NONE, 2 },
    [0x88] = { "NEWTRUE", A_NONE, 2 },        [0x89] = { "NEWFALSE", A_NONE, 2 },
    [0x8a] = { "LONG1", A_L1, 2 },            [0x8b] = { "LONG4", A_L4S, 2 },
    ['B'] = { "BINBYTES", A_L4, 3 },          ['C'] = { "SHORT_BINBYTES", A_L1, 3 },
    [0x8c] = { "SHORT_BINUNICODE", A_L1, 4 }, [0x8d] = { "BINUNICODE8", A_L8, 4 },
    [0x8e] = { "BINBYTES8", A_L8, 4 },        [0x8f] = { "EMPTY_SET", A_NONE, 4 },
    [0x90] = { "ADDITEMS", A_NONE, 4 },       [0x91] = { "FROZENSET", A_NONE, 4 },
    [0x92] = { "NEWOBJ_EX", A_NONE, 4 },      [0x93] = { "STACK_GLOBAL", A_NONE, 4 },
    [0x94] = { "MEMOIZE", A_NONE, 4 },        [0x95] = { "FRAME", A_U8, 4 },
    [0x96] = { "BYTEARRAY8", A_L8, 5 },       [0x97] = { "NEXT_BUFFER", A_NONE, 5 },
    [0x98] = { "READONLY_BUFFER", A_NONE, 5 },
};

static const unsigned fixed_size[] = {
    [A_U1] = 1, [A_U2] = 2, [A_I4] = 4, [A_U4] = 4, [A_U8] = 8, [A_F8] = 8,
    [A_L1] = 1, [A_L4S] = 4, [A_L4] = 4, [A_L8] = 8,
};

/* torch's legacy format begins with a pickle of this number */
static const uint8_t legacy_magic[10] = { 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19 };
#define LEGACY_MAGIC_TEXT "119547037146038801333356"
#define LEGACY_PICKLES 5

/* ---- import classification ------------------------------------------- */

/* Exact module.name paths that rebuild tensors, storages and plain data. */
static const char *const allow_exact[] = {
    "collections.OrderedDict", "collections.defaultdict", "collections.deque", "collections.Counter",
    "torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor_v3",
    "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state",
    "torch._utils._rebuild_device_tensor_from_numpy", "torch._utils._rebuild_qtensor",
    "torch._utils._rebuild_sparse_tensor", "torch._utils._rebuild_sparse_csr_tensor",
    "torch._utils._rebuild_nested_tensor", "torch._utils._rebuild_meta_tensor_no_storage",
    "torch._utils._rebuild_wrapper_subclass", "torch._tensor._rebuild_from_type",
    "torch._tensor._rebuild_from_type_v2", "torch._utils._rebuild_from_type_v2",
    "torch.nn.parameter.Parameter", "torch.Tensor", "torch.Size", "torch.device", "torch.dtype",
    "torch.serialization._get_layout", "torch.storage.TypedStorage", "torch.storage.UntypedStorage",
    "torch.storage._LegacyStorage",
    /* dtypes, layouts, memory formats and quantisation schemes pickle as torch.<name> */
    "torch.float32", "torch.float", "torch.float64", "torch.double", "torch.float16", "torch.half",
    "torch.bfloat16", "torch.complex32", "torch.chalf", "torch.complex64", "torch.cfloat",
    "torch.complex128", "torch.cdouble", "torch.uint8", "torch.uint16", "torch.uint32", "torch.uint64",
    "torch.int8", "torch.int16", "torch.short", "torch.int32", "torch.int", "torch.int64", "torch.long",
    "torch.bool", "torch.qint8", "torch.quint8", "torch.qint32", "torch.quint4x2", "torch.quint2x4",
    "torch.float8_e4m3fn", "torch.float8_e5m2", "torch.float8_e4m3fnuz", "torch.float8_e5m2fnuz",
    "torch.float8_e8m0fnu", "torch.float4_e2m1fn_x2",
    "torch.strided", "torch.sparse_coo", "torch.sparse_csr", "torch.sparse_csc", "torch.sparse_bsr",
    "torch.sparse_bsc", "torch._mkldnn", "torch.jagged",
    "torch.contiguous_format", "torch.channels_last", "torch.channels_last_3d", "torch.preserve_format",
    "torch.per_tensor_affine", "torch.per_channel_affine", "torch.per_tensor_symmetric",
    "torch.per_channel_symmetric", "torch.per_channel_affine_float_qparams",
    /* TorchScript's own unpickler builds lists and tensors through these */
    "torch.jit._pickle.build_intlist", "torch.jit._pickle.build_tensorlist",
    "torch.jit._pickle.build_doublelist", "torch.jit._pickle.build_boollist",
    "torch.jit._pickle.build_tensor_from_id", "torch.jit._pickle.restore_type_tag",
    "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct",
    "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar",
    "numpy.core.numeric._frombuffer", "numpy._core.numeric._frombuffer",
    "numpy.ndarray", "numpy.dtype",
    "_codecs.encode",
    "builtins.set", "builtins.frozenset", "builtins.bytearray", "builtins.bytes", "builtins.slice",
    "builtins.complex", "builtins.range", "builtins.list", "builtins.dict", "builtins.tuple",
    "builtins.int", "builtins.float", "builtins.bool", "builtins.str", "builtins.object",
    "types.SimpleNamespace",
    "copyreg._reconstructor", "copyreg.__newobj__", "copyreg.__newobj_ex__",
};

/* A path P matches entry E when P == E or P starts with E + ".". */
static const char *const deny_prefix[] = {
    /* processes, the shell, the file system, the interpreter */
    "os", "nt", "posix", "subprocess", "_posixsubprocess", "pty", "pipes", "commands", "popen2",
    "shutil", "tempfile", "sys", "runpy", "importlib", "imp", "pkgutil", "zipimport", "site",
    "code", "codeop", "pdb", "bdb", "trace", "timeit", "cProfile", "profile", "doctest", "pydoc",
    "idlelib", "ctypes", "_ctypes", "cffi", "types", "signal", "platform", "resource", "fcntl",
    "msvcrt", "winreg", "_winreg", "_winapi", "gc", "sysconfig", "ensurepip", "venv", "pip",
    "setuptools", "distutils", "logging.config", "sqlite3", "_sqlite3", "dbm", "shelve",
    /* nested (de)serialisers */
    "pickle", "_pickle", "cPickle", "pickletools", "marshal", "dill", "cloudpickle", "joblib",
    "jsonpickle", "yaml", "pandas.read_pickle", "pandas.io",
    /* network */
    "socket", "_socket", "socketserver", "SocketServer", "ssl", "select", "selectors", "asyncio",
    "http", "httplib", "urllib", "urllib2", "urllib3", "requests", "aiohttp", "httpx", "ftplib",
    "smtplib", "telnetlib", "poplib", "imaplib", "nntplib", "xmlrpc", "xmlrpclib", "webbrowser",
    /* threads and processes */
    "threading", "_thread", "thread", "multiprocessing", "concurrent",
    /* call and attribute gadgets (and their C modules, which pickle as themselves) */
    "operator.attrgetter", "operator.methodcaller", "operator.itemgetter", "operator.call",
    "_operator.attrgetter", "_operator.methodcaller", "_operator.itemgetter", "_operator.call",
    "functools.partial", "functools.partialmethod", "functools.reduce", "_functools.partial",
    "_functools.reduce", "copyreg.add_extension", "copyreg.pickle", "copyreg.dispatch_table",
    /* private helpers that run a command or compile source */
    "_osx_support._read_output", "_osx_support._find_build_tool", "_aix_support._read_cmd_output",
    "uuid._get_command_stdout", "uuid._popen", "dataclasses._create_fn", "dataclasses._exec",
    /* builtins that run code, reach attributes or open files */
    "builtins.eval", "builtins.exec", "builtins.execfile", "builtins.compile", "builtins.getattr",
    "builtins.setattr", "builtins.delattr", "builtins.__import__", "builtins.open",
    "builtins.breakpoint", "builtins.input", "builtins.raw_input", "builtins.globals",
    "builtins.locals", "builtins.vars", "builtins.apply", "builtins.file", "builtins.reload",
    "builtins.__build_class__", "builtins.help", "builtins.exit", "builtins.quit", "builtins.dir",
    "builtins.__loader__", "builtins.__spec__",
    "io.open", "io.open_code", "io.FileIO", "_io.open", "_io.open_code", "_io.FileIO", "codecs.open",
    /* framework entry points that load code, files or nested pickles */
    "torch.load", "torch.save", "torch.hub", "torch.serialization.load", "torch.serialization.save",
    "torch.serialization._load", "torch.storage._load_from_bytes", "torch.jit", "torch.package",
    "torch.utils.cpp_extension", "torch._inductor", "torch._dynamo", "torch.multiprocessing",
    "torch.distributed.rpc", "torch.ops", "torch._ops", "torch.classes", "torch.compile",
    "torch.serialization._legacy_load", "torch.serialization.pickle", "torch.utils.collect_env",
    "torch.utils.bottleneck", "torch.fx.graph_module._forward_from_src", "torch.fx.graph_module._method_from_src",
    "torch.fx.graph_module._exec_with_source", "torch.fx.graph_module.reduce_graph_module",
    "torch.fx.graph_module.reduce_package_graph_module", "torch.fx.graph_module.reduce_deploy_graph_module",
    "numpy.lib._npyio_impl", "numpy.lib.format.read_array", "numpy.lib.format.read_array_header",
    "numpy.load", "numpy.save", "numpy.savez", "numpy.savez_compressed", "numpy.savetxt",
    "numpy.fromfile", "numpy.memmap", "numpy.lib.npyio", "numpy.testing", "numpy.f2py",
    "numpy.distutils", "numpy.ctypeslib",
};

/* Attribute names that, reached through a dotted name (protocol 4 walks
 * "a.b.c" with getattr), give away the interpreter. */
static const char *const deny_segment[] = {
    "os", "sys", "subprocess", "builtins", "system", "popen", "eval", "exec", "compile",
    "getattr", "setattr", "open", "import_module", "spawn", "execv", "execve", "posix", "nt",
    "shutil", "socket", "runpy", "pty", "ctypes", "load", "loads",
    /* modules re-exported under private names, and nested unpicklers */
    "_os", "_sys", "_posix", "_nt", "_subprocess", "pickle", "_pickle", "cPickle", "dill", "cloudpickle",
    "marshal", "_load", "_loads", "Unpickler", "_Unpickler",
};

/* The os module and the names of its process functions: denied in any
 * segment of the whole path ("argparse._os.execvp", "random._os.spawnvp"). */
static const char *const deny_os_segment[] = {
    "os", "_os", "posix", "nt", "system", "popen", "fork", "forkpty", "execl", "execle", "execlp", "execlpe",
    "execv", "execve", "execvp", "execvpe", "spawnl", "spawnle", "spawnlp", "spawnlpe", "spawnv", "spawnve",
    "spawnvp", "spawnvpe", "posix_spawn", "posix_spawnp",
};

/* Python 2 names, as the unpickler maps them at protocols 0-2 (fix_imports):
 * generated from CPython 3.11's Lib/_compat_pickle.py, IMPORT_MAPPING and NAME_MAPPING. */
static const char *const compat_import[][2] = {
    { "BaseHTTPServer", "http.server" },
    { "CGIHTTPServer", "http.server" },
    { "ConfigParser", "configparser" },
    { "Cookie", "http.cookies" },
    { "Dialog", "tkinter.dialog" },
    { "DocXMLRPCServer", "xmlrpc.server" },
    { "FileDialog", "tkinter.filedialog" },
    { "HTMLParser", "html.parser" },
    { "Queue", "queue" },
    { "ScrolledText", "tkinter.scrolledtext" },
    { "SimpleDialog", "tkinter.simpledialog" },
    { "SimpleHTTPServer", "http.server" },
    { "SimpleXMLRPCServer", "xmlrpc.server" },
    { "SocketServer", "socketserver" },
    { "StringIO", "io" },
    { "Tix", "tkinter.tix" },
    { "Tkconstants", "tkinter.constants" },
    { "Tkdnd", "tkinter.dnd" },
    { "Tkinter", "tkinter" },
    { "UserDict", "collections" },
    { "UserList", "collections" },
    { "UserString", "collections" },
    { "__builtin__", "builtins" },
    { "_abcoll", "collections.abc" },
    { "_elementtree", "xml.etree.ElementTree" },
    { "_winreg", "winreg" },
    { "anydbm", "dbm" },
    { "cPickle", "pickle" },
    { "cStringIO", "io" },
    { "commands", "subprocess" },
    { "cookielib", "http.cookiejar" },
    { "copy_reg", "copyreg" },
    { "dbhash", "dbm.bsd" },
    { "dbm", "dbm.ndbm" },
    { "dumbdbm", "dbm.dumb" },
    { "dummy_thread", "_dummy_thread" },
    { "gdbm", "dbm.gnu" },
    { "htmlentitydefs", "html.entities" },
    { "httplib", "http.client" },
    { "markupbase", "_markupbase" },
    { "repr", "reprlib" },
    { "robotparser", "urllib.robotparser" },
    { "test.test_support", "test.support" },
    { "thread", "_thread" },
    { "tkColorChooser", "tkinter.colorchooser" },
    { "tkCommonDialog", "tkinter.commondialog" },
    { "tkFileDialog", "tkinter.filedialog" },
    { "tkFont", "tkinter.font" },
    { "tkMessageBox", "tkinter.messagebox" },
    { "tkSimpleDialog", "tkinter.simpledialog" },
    { "ttk", "tkinter.ttk" },
    { "urllib2", "urllib.request" },
    { "urlparse", "urllib.parse" },
    { "whichdb", "dbm" },
    { "xmlrpclib", "xmlrpc.client" },
};

static const char *const compat_name[][4] = {
    { "UserDict", "IterableUserDict", "collections", "UserDict" },
    { "UserDict", "UserDict", "collections", "UserDict" },
    { "UserList", "UserList", "collections", "UserList" },
    { "UserString", "UserString", "collections", "UserString" },
    { "__builtin__", "basestring", "builtins", "str" },
    { "__builtin__", "intern", "sys", "intern" },
    { "__builtin__", "long", "builtins", "int" },
    { "__builtin__", "reduce", "functools", "reduce" },
    { "__builtin__", "unichr", "builtins", "chr" },
    { "__builtin__", "unicode", "builtins", "str" },
    { "__builtin__", "xrange", "builtins", "range" },
    { "_multiprocessing", "Connection", "multiprocessing.connection", "Connection" },
    { "_socket", "fromfd", "socket", "fromfd" },
    { "exceptions", "ArithmeticError", "builtins", "ArithmeticError" },
    { "exceptions", "AssertionError", "builtins", "AssertionError" },
    { "exceptions", "AttributeError", "builtins", "AttributeError" },
    { "exceptions", "BaseException", "builtins", "BaseException" },
    { "exceptions", "BufferError", "builtins", "BufferError" },
    { "exceptions", "BytesWarning", "builtins", "BytesWarning" },
    { "exceptions", "DeprecationWarning", "builtins", "DeprecationWarning" },
    { "exceptions", "EOFError", "builtins", "EOFError" },
    { "exceptions", "EnvironmentError", "builtins", "EnvironmentError" },
    { "exceptions", "Exception", "builtins", "Exception" },
    { "exceptions", "FloatingPointError", "builtins", "FloatingPointError" },
    { "exceptions", "FutureWarning", "builtins", "FutureWarning" },
    { "exceptions", "GeneratorExit", "builtins", "GeneratorExit" },
    { "exceptions", "IOError", "builtins", "IOError" },
    { "exceptions", "ImportError", "builtins", "ImportError" },
    { "exceptions", "ImportWarning", "builtins", "ImportWarning" },
    { "exceptions", "IndentationError", "builtins", "IndentationError" },
    { "exceptions", "IndexError", "builtins", "IndexError" },
    { "exceptions", "KeyError", "builtins", "KeyError" },
    { "exceptions", "KeyboardInterrupt", "builtins", "KeyboardInterrupt" },
    { "exceptions", "LookupError", "builtins", "LookupError" },
    { "exceptions", "MemoryError", "builtins", "MemoryError" },
    { "exceptions", "NameError", "builtins", "NameError" },
    { "exceptions", "NotImplementedError", "builtins", "NotImplementedError" },
    { "exceptions", "OSError", "builtins", "OSError" },
    { "exceptions", "OverflowError", "builtins", "OverflowError" },
    { "exceptions", "PendingDeprecationWarning", "builtins", "PendingDeprecationWarning" },
    { "exceptions", "ReferenceError", "builtins", "ReferenceError" },
    { "exceptions", "RuntimeError", "builtins", "RuntimeError" },
    { "exceptions", "RuntimeWarning", "builtins", "RuntimeWarning" },
    { "exceptions", "StandardError", "builtins", "Exception" },
    { "exceptions", "StopIteration", "builtins", "StopIteration" },
    { "exceptions", "SyntaxError", "builtins", "SyntaxError" },
    { "exceptions", "SyntaxWarning", "builtins", "SyntaxWarning" },
    { "exceptions", "SystemError", "builtins", "SystemError" },
    { "exceptions", "SystemExit", "builtins", "SystemExit" },
    { "exceptions", "TabError", "builtins", "TabError" },
    { "exceptions", "TypeError", "builtins", "TypeError" },
    { "exceptions", "UnboundLocalError", "builtins", "UnboundLocalError" },
    { "exceptions", "UnicodeDecodeError", "builtins", "UnicodeDecodeError" },
    { "exceptions", "UnicodeEncodeError", "builtins", "UnicodeEncodeError" },
    { "exceptions", "UnicodeError", "builtins", "UnicodeError" },
    { "exceptions", "UnicodeTranslateError", "builtins", "UnicodeTranslateError" },
    { "exceptions", "UnicodeWarning", "builtins", "UnicodeWarning" },
    { "exceptions", "UserWarning", "builtins", "UserWarning" },
    { "exceptions", "ValueError", "builtins", "ValueError" },
    { "exceptions", "Warning", "builtins", "Warning" },
    { "exceptions", "ZeroDivisionError", "builtins", "ZeroDivisionError" },
    { "itertools", "ifilter", "builtins", "filter" },
    { "itertools", "ifilterfalse", "itertools", "filterfalse" },
    { "itertools", "imap", "builtins", "map" },
    { "itertools", "izip", "builtins", "zip" },
    { "itertools", "izip_longest", "itertools", "zip_longest" },
    { "multiprocessing", "AuthenticationError", "multiprocessing.context", "AuthenticationError" },
    { "multiprocessing", "BufferTooShort", "multiprocessing.context", "BufferTooShort" },
    { "multiprocessing", "ProcessError", "multiprocessing.context", "ProcessError" },
    { "multiprocessing", "TimeoutError", "multiprocessing.context", "TimeoutError" },
    { "multiprocessing.forking", "Popen", "multiprocessing.popen_fork", "Popen" },
    { "multiprocessing.process", "Process", "multiprocessing.context", "Process" },
    { "socket", "_socketobject", "socket", "SocketType" },
    { "urllib", "ContentTooShortError", "urllib.error", "ContentTooShortError" },
    { "urllib", "getproxies", "urllib.request", "getproxies" },
    { "urllib", "pathname2url", "urllib.request", "pathname2url" },
    { "urllib", "quote", "urllib.parse", "quote" },
    { "urllib", "quote_plus", "urllib.parse", "quote_plus" },
    { "urllib", "unquote", "urllib.parse", "unquote" },
    { "urllib", "unquote_plus", "urllib.parse", "unquote_plus" },
    { "urllib", "url2pathname", "urllib.request", "url2pathname" },
    { "urllib", "urlcleanup", "urllib.request", "urlcleanup" },
    { "urllib", "urlencode", "urllib.parse", "urlencode" },
    { "urllib", "urlopen", "urllib.request", "urlopen" },
    { "urllib", "urlretrieve", "urllib.request", "urlretrieve" },
    { "urllib2", "HTTPError", "urllib.error", "HTTPError" },
    { "urllib2", "URLError", "urllib.error", "URLError" },
    { "whichdb", "whichdb", "dbm", "whichdb" },
};

/* (module, name) as Unpickler.find_class reads it at protocol < 3: the
 * NAME_MAPPING pair (2), else the IMPORT_MAPPING module (1); 0 unmapped. */
static int compat_map(const char **mod, size_t *ml, const char **name, size_t *nl)
{
    for (size_t i = 0; i < sizeof compat_name / sizeof compat_name[0]; i++)
        if (strlen(compat_name[i][0]) == *ml && memcmp(*mod, compat_name[i][0], *ml) == 0 &&
            strlen(compat_name[i][1]) == *nl && memcmp(*name, compat_name[i][1], *nl) == 0) {
            *mod = compat_name[i][2];
            *ml = strlen(*mod);
            *name = compat_name[i][3];
            *nl = strlen(*name);
            return 2;
        }
    for (size_t i = 0; i < sizeof compat_import / sizeof compat_import[0]; i++)
        if (strlen(compat_import[i][0]) == *ml && memcmp(*mod, compat_import[i][0], *ml) == 0) {
            *mod = compat_import[i][1];
            *ml = strlen(*mod);
            return 1;
        }
    return 0;
}

static int path_matches(const char *path, size_t plen, const char *entry)
{
    size_t n = strlen(entry);

    return plen >= n && memcmp(path, entry, n) == 0 && (plen == n || path[n] == '.');
}

static int all_alnum(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
            return 0;
    return 1;
}

static int str_is(const char *s, size_t n, const char *lit)
{
    return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

static int ends_with_n(const char *s, size_t n, const char *suffix)
{
    size_t m = strlen(suffix);

    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

/* Case-insensitive, as miniz (PyTorch's zip reader) compares entry names. */
static int ends_with_ci(const char *s, size_t n, const char *suffix)
{
    size_t m = strlen(suffix);

    return n >= m && strncasecmp(s + n - m, suffix, m) == 0;
}

/* Storage, tensor and numpy DType classes, which come in families. */
static int allow_family(const char *mod, size_t ml, const char *name, size_t nl)
{
    if (nl < 2 || name[0] < 'A' || name[0] > 'Z' || !all_alnum(name, nl))
        return 0;
    if ((str_is(mod, ml, "torch") || str_is(mod, ml, "torch.cuda")) && ends_with_n(name, nl, "Storage"))
        return 1;
    if ((str_is(mod, ml, "torch") || str_is(mod, ml, "torch.cuda") || str_is(mod, ml, "torch.sparse") ||
         str_is(mod, ml, "torch.cuda.sparse")) && ends_with_n(name, nl, "Tensor"))
        return 1;
    return str_is(mod, ml, "numpy.dtypes") && ends_with_n(name, nl, "DType");
}

enum pickle_verdict pickle_classify(const char *module, size_t mlen, const char *name, size_t nlen,
                                    const char **rule)
{
    char path[2 * PICKLE_MAX_NAME + 16];
    const char *mod = module;
    size_t ml = mlen, plen;
    const char *dummy;

    if (!rule)
        rule = &dummy;
    *rule = NULL;
    if (mlen == 0 || nlen == 0 || mlen > PICKLE_MAX_NAME || nlen > PICKLE_MAX_NAME ||
        memchr(module, 0, mlen) || memchr(name, 0, nlen)) {
        *rule = "a name that cannot be resolved statically";
        return PICKLE_DENY;
    }
    /* the Python 2 names the unpickler maps (fix_imports) */
    if (str_is(module, mlen, "__builtin__") || str_is(module, mlen, "exceptions"))
        mod = "builtins", ml = 8;
    else if (str_is(module, mlen, "copy_reg"))
        mod = "copyreg", ml = 7;
    memcpy(path, mod, ml);
    path[ml] = '.';
    memcpy(path + ml + 1, name, nlen);
    plen = ml + 1 + nlen;
    path[plen] = '\0';

    for (size_t i = 0; i < sizeof allow_exact / sizeof allow_exact[0]; i++)
        if (str_is(path, plen, allow_exact[i])) {
            *rule = allow_exact[i];
            return PICKLE_ALLOW;
        }
    if (allow_family(mod, ml, name, nlen)) {
        *rule = "torch storage/tensor or numpy DType class";
        return PICKLE_ALLOW;
    }
    for (size_t i = 0; i < sizeof deny_prefix / sizeof deny_prefix[0]; i++)
        if (path_matches(path, plen, deny_prefix[i])) {
            *rule = deny_prefix[i];
            return PICKLE_DENY;
        }
    {
        /* the os module or one of its process functions anywhere in the path */
        size_t st = 0;
        for (size_t i = 0; i <= plen; i++) {
            if (i < plen && path[i] != '.')
                continue;
            for (size_t j = 0; j < sizeof deny_os_segment / sizeof deny_os_segment[0]; j++)
                if (str_is(path + st, i - st, deny_os_segment[j])) {
                    *rule = deny_os_segment[j];
                    return PICKLE_DENY;
                }
            st = i + 1;
        }
    }
    if (memchr(name, '.', nlen)) {
        /* a dotted name walks attributes from the module: check each step */
        size_t s = 0;
        for (size_t i = 0; i <= nlen; i++) {
            if (i < nlen && name[i] != '.')
                continue;
            const char *seg = name + s;
            size_t sl = i - s;
            if (sl >= 2 && seg[0] == '_' && seg[1] == '_') {
                *rule = "a dunder attribute reached through a dotted name";
                return PICKLE_DENY;
            }
            for (size_t j = 0; j < sizeof deny_segment / sizeof deny_segment[0]; j++)
                if (str_is(seg, sl, deny_segment[j])) {
                    *rule = deny_segment[j];
                    return PICKLE_DENY;
                }
            s = i + 1;
        }
    }
    return PICKLE_REVIEW;
}

/* ---- state ------------------------------------------------------------- */

enum w_state { W_START, W_OP, W_ARG, W_PAYLOAD, W_LINE, W_DATA, W_STOPPED };
enum container { C_BARE, C_LEGACY, C_ZIP };
enum kind { K_MARK, K_VALUE, K_STR, K_STRX, K_GLOBAL, K_OBJ };
#define NO_IMPORT UINT32_MAX
#define IMP_HASH 8192u                /* > 2 x PICKLE_MAX_IMPORTS */

struct item {
    uint8_t kind;
    uint32_t a;                       /* K_STR: arena offset; K_GLOBAL, K_OBJ: import index */
    uint32_t b;                       /* K_STR: length */
};

struct mslot {
    uint64_t key;
    struct item it;
    uint8_t used;
};

struct imp {
    char *path;                       /* "module.name" as written (may hold a NUL) */
    size_t plen;
    int64_t offset;                   /* first occurrence, file offset or -1 */
    uint8_t verdict;
    uint32_t calls, builds;
};

/* A local header the zip walk read: checked against the central directory. */
struct zloc {
    uint64_t hdr, data;               /* file offsets of the header and of its data */
    uint64_t csize, usize;            /* the local header's sizes (zip64 resolved) */
    uint64_t produced;                /* bytes libarchive gave for the entry */
    size_t name;                      /* offset in znames */
    uint32_t crc;
    uint16_t flags, method, name_len;
    uint8_t in_cd;
};

struct pickle {
    enum container container;
    int started;                      /* the file stream has begun (push API) */
    uint64_t total;                   /* bytes of the file seen (fed, skipped or read) */
    /* the current stream: the file, or one zip entry */
    uint64_t spos;                    /* bytes of this stream walked */
    int64_t base;                     /* file offset of the stream's first byte */
    const char *entry;                /* zip entry name, for messages */
    uint64_t frame_end;               /* bytes the last FRAME needs the stream to have */
    unsigned spickles;                /* pickles begun in this stream */
    int legacy_check, legacy_magic;   /* the first pickle is still only the torch magic */
    /* the walker */
    enum w_state st;
    uint8_t op;
    uint64_t op_pos;                  /* stream offset of the current opcode */
    uint64_t ops;                     /* opcodes of the current pickle */
    uint8_t abuf[8];
    unsigned need, have;
    uint64_t arg;                     /* fixed argument, or the payload length */
    uint64_t left;                    /* payload bytes to go */
    int keep;                         /* the payload is collected into kbuf */
    char kbuf[PICKLE_MAX_NAME + 2];
    size_t klen;
    int kcut;                         /* the payload or line was longer than kbuf */
    uint64_t llen;                    /* bytes of the current line */
    uint8_t lfirst, llast;
    int line_no;                      /* GLOBAL/INST: 0 module, 1 name */
    char mbuf[PICKLE_MAX_NAME + 2];   /* GLOBAL/INST module line */
    size_t mlen;
    int mcut;
    /* stack model (per pickle) */
    struct item *stk;
    size_t sn, scap;
    size_t *marks;
    size_t mn, mcap;
    int stack_lost;
    struct mslot *memo;
    size_t memo_cap, memo_n;
    int memo_lost;
    char *arena;
    size_t arena_len, arena_cap;
    /* the file */
    unsigned pickles;
    unsigned protocol;
    unsigned cur_proto;               /* PROTO of the current pickle (0 without one) */
    uint64_t total_ops;
    struct imp *imp;
    size_t imp_n, imp_cap;
    int32_t imp_idx[IMP_HASH];
    int noted_stack, noted_memo, noted_strings, noted_ext;
    unsigned reviews_shown, reviews_more;   /* unknown_import problems given, and not given */
    /* legacy data and zip facts */
    uint64_t data_bytes;
    size_t zip_entries, zip_pickles, zip_data;
    int zip_has_data_pkl, zip_torchscript;
    char zip_prefix[128];
    char zip_version[16];
    char entry_buf[256];
    uint64_t zip_pkl_bytes, zip_inflated;
    struct zloc *zloc;                /* the local headers walked, in file order */
    size_t zloc_n, zloc_cap;
    char *znames;                     /* their raw names, back to back */
    size_t znames_len, znames_cap;
    char *zname;                      /* the current entry's raw name, NUL-terminated */
    size_t zname_cap;
    int invalid;                      /* a deny problem that also makes the file invalid */
    struct fmt_result res;
};

/* ---- problems ----------------------------------------------------------- */

static int64_t file_off(const struct pickle *pk, uint64_t rel)
{
    return pk->base < 0 ? -1 : pk->base + (int64_t)rel;
}

static int vproblem(struct pickle *pk, enum problem_sev sev, const char *code, uint64_t rel,
                    const char *fmt, va_list ap)
{
    char msg[700];

    vsnprintf(msg, sizeof msg, fmt, ap);
    if (pk->entry)
        return problem_add(&pk->res.problems, sev, code, file_off(pk, rel), "%s: %s (offset %llu in the entry)",
                           pk->entry, msg, (unsigned long long)rel);
    return problem_add(&pk->res.problems, sev, code, file_off(pk, rel), "%s", msg);
}

/* Malformed: the file is invalid, the walk stops.  0 or WA_ENOMEM. */
static int perr(struct pickle *pk, const char *code, uint64_t rel, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int perr(struct pickle *pk, const char *code, uint64_t rel, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = vproblem(pk, SEV_ERROR, code, rel, fmt, ap);
    va_end(ap);
    pk->st = W_STOPPED;
    return rc;
}

static int pnote(struct pickle *pk, enum problem_sev sev, const char *code, uint64_t rel,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static int pnote(struct pickle *pk, enum problem_sev sev, const char *code, uint64_t rel,
                 const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = vproblem(pk, sev, code, rel, fmt, ap);
    va_end(ap);
    return rc;
}

#define OPNAME(pk) (optab[(pk)->op].name)

/* ---- stack, memo, strings ------------------------------------------- */

static int push(struct pickle *pk, uint8_t kind, uint32_t a, uint32_t b)
{
    if (pk->sn == pk->scap) {
        if (pk->scap >= PICKLE_MAX_STACK) {
            /* drop the bottom half: the model then cannot see underflows there */
            size_t drop = pk->sn / 2, k = 0;
            memmove(pk->stk, pk->stk + drop, (pk->sn - drop) * sizeof *pk->stk);
            pk->sn -= drop;
            for (size_t i = 0; i < pk->mn; i++)
                if (pk->marks[i] >= drop)
                    pk->marks[k++] = pk->marks[i] - drop;
            pk->mn = k;
            pk->stack_lost = 1;
            if (!pk->noted_stack++) {
                int rc = pnote(pk, SEV_REVIEW, "limit_exceeded", pk->op_pos,
                               "the stack grows beyond %u items; its bottom is no longer modelled",
                               PICKLE_MAX_STACK);
                if (rc)
                    return rc;
            }
        } else {
            size_t cap = pk->scap ? pk->scap * 2 : 64;
            struct item *v = realloc(pk->stk, cap * sizeof *v);
            if (!v)
                return WA_ENOMEM;
            pk->stk = v;
            pk->scap = cap;
        }
    }
    if (kind == K_MARK) {
        if (pk->mn == pk->mcap) {
            size_t cap = pk->mcap ? pk->mcap * 2 : 16;
            size_t *v = realloc(pk->marks, cap * sizeof *v);
            if (!v)
                return WA_ENOMEM;
            pk->marks = v;
            pk->mcap = cap;
        }
        pk->marks[pk->mn++] = pk->sn;
    }
    pk->stk[pk->sn].kind = kind;
    pk->stk[pk->sn].a = a;
    pk->stk[pk->sn].b = b;
    pk->sn++;
    return 0;
}

static int push_item(struct pickle *pk, const struct item *it)
{
    return push(pk, it->kind, it->a, it->b);
}

/* Items above the topmost mark. */
static size_t avail(const struct pickle *pk)
{
    return pk->sn - (pk->mn ? pk->marks[pk->mn - 1] + 1 : 0);
}

/* The opcode needs k items above the topmost mark.  Returns 1 when they
 * are there (in degraded mode, unknown items are slid in below); else
 * reports stack_underflow and returns 0 with *rc set. */
static int need(struct pickle *pk, size_t k, int *rc)
{
    size_t have = avail(pk);

    *rc = 0;
    if (have >= k)
        return 1;
    if (!pk->stack_lost || pk->mn) {
        *rc = perr(pk, "stack_underflow", pk->op_pos, "%s needs %zu stack item%s above the last mark, %zu there",
                   OPNAME(pk), k, k == 1 ? "" : "s", have);
        return 0;
    }
    for (size_t i = have; i < k; i++) {
        if ((*rc = push(pk, K_OBJ, NO_IMPORT, 0)))
            return 0;
        memmove(pk->stk + 1, pk->stk, (pk->sn - 1) * sizeof *pk->stk);
        pk->stk[0].kind = K_OBJ;
        pk->stk[0].a = NO_IMPORT;
    }
    return 1;
}

/* Remove the items above the topmost mark, and the mark.  *first = the
 * first item after the mark (kind K_MARK when there was none).  Returns 1,
 * or 0 with *rc set when there is no mark. */
static int pop_mark(struct pickle *pk, size_t *count, struct item *first, int *rc)
{
    size_t m;

    *rc = 0;
    if (!pk->mn) {
        if (!pk->stack_lost) {
            *rc = perr(pk, "stack_underflow", pk->op_pos, "%s without a MARK", OPNAME(pk));
            return 0;
        }
        m = 0;   /* the mark was in the dropped part */
        *count = pk->sn;
        first->kind = pk->sn ? pk->stk[0].kind : K_MARK;
        if (pk->sn)
            *first = pk->stk[0];
        pk->sn = 0;
        return 1;
    }
    m = pk->marks[--pk->mn];
    *count = pk->sn - m - 1;
    if (*count)
        *first = pk->stk[m + 1];
    else
        first->kind = K_MARK;
    pk->sn = m;
    return 1;
}

static struct item *top(struct pickle *pk)
{
    return &pk->stk[pk->sn - 1];
}

static struct item pop(struct pickle *pk)
{
    return pk->stk[--pk->sn];
}

static struct mslot *memo_slot(struct pickle *pk, uint64_t key)
{
    uint64_t h = key * 0x9e3779b97f4a7c15ull;

    for (size_t i = (size_t)(h >> 20) & (pk->memo_cap - 1);; i = (i + 1) & (pk->memo_cap - 1))
        if (!pk->memo[i].used || pk->memo[i].key == key)
            return &pk->memo[i];
}

static int memo_put(struct pickle *pk, uint64_t key, const struct item *it)
{
    struct mslot *s;

    if (pk->memo_cap == 0 || (pk->memo_n + 1) * 2 > pk->memo_cap) {
        size_t cap = pk->memo_cap ? pk->memo_cap * 2 : 64;
        struct mslot *old = pk->memo, *nv;
        size_t ocap = pk->memo_cap;
        if (pk->memo_n >= PICKLE_MAX_MEMO) {
            if (pk->memo_cap && memo_slot(pk, key)->used) {
                memo_slot(pk, key)->it = *it;   /* overwriting needs no room */
                return 0;
            }
            pk->memo_lost = 1;
            if (!pk->noted_memo++)
                return pnote(pk, SEV_REVIEW, "limit_exceeded", pk->op_pos,
                             "more than %u memo entries; later ones are not modelled", PICKLE_MAX_MEMO);
            return 0;
        }
        nv = calloc(cap, sizeof *nv);
        if (!nv)
            return WA_ENOMEM;
        pk->memo = nv;
        pk->memo_cap = cap;
        for (size_t i = 0; i < ocap; i++)
            if (old[i].used)
                *memo_slot(pk, old[i].key) = old[i];
        free(old);
    }
    s = memo_slot(pk, key);
    if (!s->used) {
        s->used = 1;
        s->key = key;
        pk->memo_n++;
    }
    s->it = *it;
    return 0;
}

static const struct item *memo_get(struct pickle *pk, uint64_t key)
{
    struct mslot *s;

    if (!pk->memo_cap)
        return NULL;
    s = memo_slot(pk, key);
    return s->used ? &s->it : NULL;
}

/* A string item: kept when short enough and within the pickle's budget. */
static int str_item(struct pickle *pk, const char *s, size_t n, struct item *it)
{
    it->kind = K_STRX;
    it->a = it->b = 0;
    if (n > PICKLE_MAX_NAME)
        return 0;
    if (pk->arena_len + n > PICKLE_MAX_STRING_BYTES) {
        if (!pk->noted_strings++)
            return pnote(pk, SEV_REVIEW, "limit_exceeded", pk->op_pos,
                         "more than %u bytes of short strings in one pickle; later ones are not kept",
                         PICKLE_MAX_STRING_BYTES);
        return 0;
    }
    if (pk->arena_len + n + 1 > pk->arena_cap) {   /* +1: allocated even for "" */
        size_t cap = pk->arena_cap ? pk->arena_cap : 4096;
        while (cap < pk->arena_len + n + 1)
            cap *= 2;
        char *b = realloc(pk->arena, cap);
        if (!b)
            return WA_ENOMEM;
        pk->arena = b;
        pk->arena_cap = cap;
    }
    memcpy(pk->arena + pk->arena_len, s, n);
    it->kind = K_STR;
    it->a = (uint32_t)pk->arena_len;
    it->b = (uint32_t)n;
    pk->arena_len += n;
    return 0;
}

/* ---- imports ------------------------------------------------------------ */

static uint32_t hash_bytes(const char *s, size_t n)
{
    uint32_t h = 2166136261u;

    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)s[i]) * 16777619u;
    return h;
}

/* Record an import of module.name at the current opcode; *idx receives its
 * index (NO_IMPORT when the table is full, which stops the walk). */
static int add_import(struct pickle *pk, const char *mod, size_t ml, const char *name, size_t nl,
                      int resolvable, uint32_t *idx)
{
    char path[2 * PICKLE_MAX_NAME + 48];
    size_t plen;
    uint32_t h;
    const char *rule = NULL;
    enum pickle_verdict v;
    struct imp *im;
    int mapped = 0;
    char mapped_as[96] = "";

    *idx = NO_IMPORT;
    if (resolvable) {
        memcpy(path, mod, ml);
        path[ml] = '.';
        memcpy(path + ml + 1, name, nl);
        plen = ml + 1 + nl;
    } else {
        plen = (size_t)snprintf(path, sizeof path, "<unresolved %s>", OPNAME(pk));
    }
    path[plen] = '\0';
    h = hash_bytes(path, plen) & (IMP_HASH - 1);
    for (;; h = (h + 1) & (IMP_HASH - 1)) {
        int32_t j = pk->imp_idx[h];
        if (j < 0)
            break;
        if (pk->imp[j].plen == plen && memcmp(pk->imp[j].path, path, plen) == 0) {
            *idx = (uint32_t)j;
            return 0;
        }
    }
    if (pk->imp_n >= PICKLE_MAX_IMPORTS)
        return perr(pk, "limit_exceeded", pk->op_pos, "more than %u distinct imports", PICKLE_MAX_IMPORTS);
    if (pk->imp_n == pk->imp_cap) {
        size_t cap = pk->imp_cap ? pk->imp_cap * 2 : 16;
        struct imp *nv = realloc(pk->imp, cap * sizeof *nv);
        if (!nv)
            return WA_ENOMEM;
        pk->imp = nv;
        pk->imp_cap = cap;
    }
    if (resolvable) {
        /* below protocol 3 the unpickler reads Python 2 names as their
         * Python 3 ones (cStringIO.open is io.open): classify those */
        const char *cm = mod, *cn = name;
        size_t cml = ml, cnl = nl;
        mapped = pk->cur_proto < 3 && compat_map(&cm, &cml, &cn, &cnl);
        if (mapped == 2)
            snprintf(mapped_as, sizeof mapped_as, " (read as %s.%s below protocol 3)", cm, cn);
        else if (mapped)
            snprintf(mapped_as, sizeof mapped_as, " (module read as %s below protocol 3)", cm);
        v = pickle_classify(cm, cml, cn, cnl, &rule);
    } else {
        v = PICKLE_DENY;
    }
    im = &pk->imp[pk->imp_n];
    memset(im, 0, sizeof *im);
    im->path = malloc(plen + 1);
    if (!im->path)
        return WA_ENOMEM;
    memcpy(im->path, path, plen + 1);
    im->plen = plen;
    im->offset = file_off(pk, pk->op_pos);
    im->verdict = (uint8_t)v;
    pk->imp_idx[h] = (int32_t)pk->imp_n;
    *idx = (uint32_t)pk->imp_n++;
    if (v == PICKLE_DENY) {
        char *safe = jsonout_safe_string(path, plen);
        int rc;
        if (!safe)
            return WA_ENOMEM;
        if (resolvable)
            rc = pnote(pk, SEV_DENY, "unsafe_import", pk->op_pos,
                       "%s imports %s%s (deny rule: %s); loading the file can run arbitrary code",
                       OPNAME(pk), safe, mapped_as, rule);
        else
            rc = pnote(pk, SEV_DENY, "unsafe_import", pk->op_pos,
                       "%s with operands that are not strings known from the stream: "
                       "the import cannot be named, so it cannot be trusted", OPNAME(pk));
        free(safe);
        return rc;
    }
    if (v == PICKLE_REVIEW) {
        char *safe;
        int rc;
        /* a few, then a count: a file must not push its deny problems out
         * of the bounded problem list with harmless-looking imports */
        if (pk->reviews_shown >= PICKLE_MAX_REVIEW_PROBLEMS) {
            pk->reviews_more++;
            return 0;
        }
        pk->reviews_shown++;
        safe = jsonout_safe_string(path, plen);
        if (!safe)
            return WA_ENOMEM;
        rc = pnote(pk, SEV_REVIEW, "unknown_import", pk->op_pos,
                   "%s imports %s, which is not on the allow-list; loading the file runs its code",
                   OPNAME(pk), safe);
        free(safe);
        return rc;
    }
    return 0;
}

/* REDUCE, NEWOBJ, NEWOBJ_EX, OBJ: count the call when the callee is an import. */
static void note_call(struct pickle *pk, const struct item *callee)
{
    if (callee->kind == K_GLOBAL && callee->a != NO_IMPORT)
        pk->imp[callee->a].calls++;
}

/* ---- argument decoding -------------------------------------------------- */

/* Python's escape_decode for a STRING argument (quotes removed); 0 or -1. */
static int escape_decode(const char *s, size_t n, char *out, size_t *olen)
{
    size_t k = 0;

    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c != '\\') {
            out[k++] = c;
            continue;
        }
        if (++i >= n)
            return -1;   /* trailing backslash */
        c = s[i];
        switch (c) {
        case '\\': case '\'': case '"': out[k++] = c; break;
        case 'a': out[k++] = '\a'; break;
        case 'b': out[k++] = '\b'; break;
        case 'f': out[k++] = '\f'; break;
        case 'n': out[k++] = '\n'; break;
        case 'r': out[k++] = '\r'; break;
        case 't': out[k++] = '\t'; break;
        case 'v': out[k++] = '\v'; break;
        case 'x': {
            int v = 0;
            for (int j = 0; j < 2; j++) {
                char h = ++i < n ? s[i] : 0;
                int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10
                      : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
                if (d < 0)
                    return -1;
                v = v * 16 + d;
            }
            out[k++] = (char)v;
            break;
        }
        default:
            if (c >= '0' && c <= '7') {
                int v = c - '0';
                for (int j = 0; j < 2 && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '7'; j++)
                    v = v * 8 + (s[++i] - '0');
                out[k++] = (char)(v & 0xff);
            } else {
                out[k++] = '\\';
                out[k++] = c;
            }
        }
    }
    *olen = k;
    return 0;
}

static size_t put_utf8(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* Python's raw_unicode_escape decoding (an odd run of backslashes before
 * u/U starts an escape; other bytes are Latin-1), to UTF-8; 0 or -1. */
static int rawuni_decode(const char *s, size_t n, char *out, size_t *olen)
{
    size_t k = 0, i = 0;

    while (i < n) {
        if (s[i] != '\\') {
            k += put_utf8(out + k, (uint8_t)s[i++]);
            continue;
        }
        size_t run = 0;
        while (i < n && s[i] == '\\') {
            out[k++] = '\\';
            run++;
            i++;
        }
        if ((run & 1) == 0 || i >= n || (s[i] != 'u' && s[i] != 'U'))
            continue;
        int digits = s[i] == 'u' ? 4 : 8;
        uint32_t cp = 0;
        i++;
        k--;   /* the escaping backslash */
        for (int j = 0; j < digits; j++, i++) {
            char h = i < n ? s[i] : 0;
            int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10
                  : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
            if (d < 0)
                return -1;
            cp = cp * 16 + (uint32_t)d;
        }
        if (cp > 0x10ffff)
            return -1;
        k += put_utf8(out + k, cp);
    }
    *olen = k;
    return 0;
}

/* A protocol-0 integer line for GET/PUT: optional blanks and sign, digits
 * with single underscores between them.  0 ok, -1 not a number. */
static int parse_index(const char *s, size_t n, int *neg, uint64_t *v)
{
    size_t i = 0;
    int digits = 0;

    *neg = 0;
    *v = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        *neg = s[i++] == '-';
    for (; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9') {
            uint64_t d = (uint64_t)(s[i] - '0');
            *v = *v > (UINT64_MAX - d) / 10 ? UINT64_MAX : *v * 10 + d;
            digits++;
        } else if (s[i] == '_' && digits && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9') {
            continue;
        } else {
            break;
        }
    }
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return digits && i == n ? 0 : -1;
}

/* INT, LONG, FLOAT text: non-blank, and only characters a Python number can hold. */
static int number_text_ok(const char *s, size_t n, int is_float)
{
    size_t nonblank = 0;

    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t')
            continue;
        nonblank++;
        if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '_')
            continue;
        if (is_float && (c == '.' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            continue;
        if (!is_float && (c == 'x' || c == 'X' || c == 'o' || c == 'O' || c == 'b' || c == 'B' ||
                          (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            continue;
        return 0;
    }
    return nonblank > 0;
}

/* ---- opcode effects ----------------------------------------------------- */

static void begin_pickle(struct pickle *pk);
static int end_pickle(struct pickle *pk);

static int do_global(struct pickle *pk, const char *mod, size_t ml, int mcut, const char *name, size_t nl,
                     int ncut, int ascii_only)
{
    uint32_t idx;
    int rc, resolvable = !mcut && !ncut;

    if (resolvable) {
        for (int part = 0; part < 2; part++) {
            const char *s = part ? name : mod;
            size_t n = part ? nl : ml;
            int bad = 0;
            if (ascii_only) {
                for (size_t i = 0; i < n; i++)
                    bad |= (uint8_t)s[i] >= 0x80;
            } else {
                bad = utf8_valid_prefix((const unsigned char *)s, n) != n;
            }
            if (bad)
                return perr(pk, "argument_invalid", pk->op_pos, "%s %s is not valid %s", OPNAME(pk),
                            part ? "name" : "module", ascii_only ? "ASCII" : "UTF-8");
        }
    }
    if ((rc = add_import(pk, mod, ml, name, nl, resolvable, &idx)) || pk->st == W_STOPPED)
        return rc;
    if (pk->op == 'i') {   /* INST: the class is called with the items above the mark */
        size_t count;
        struct item first;
        if (!pop_mark(pk, &count, &first, &rc))
            return rc;
        pk->imp[idx].calls++;
        return push(pk, K_OBJ, idx, 0);
    }
    return push(pk, K_GLOBAL, idx, 0);
}

static int exec_op(struct pickle *pk)
{
    struct item a, b, first, it;
    size_t count;
    int rc = 0;
    uint8_t op = pk->op;

    switch (op) {
    case '(':
        return push(pk, K_MARK, 0, 0);
    case '.':
        if (!need(pk, 1, &rc))
            return rc;
        pop(pk);
        return end_pickle(pk);
    case '0':
        if (pk->sn == 0) {
            if (pk->stack_lost)
                return 0;
            return perr(pk, "stack_underflow", pk->op_pos, "POP on an empty stack");
        }
        if (top(pk)->kind == K_MARK)
            pk->mn--;
        pop(pk);
        return 0;
    case '1':
        pop_mark(pk, &count, &first, &rc);
        return rc;
    case '2':
        if (!need(pk, 1, &rc))
            return rc;
        it = *top(pk);
        return push_item(pk, &it);
    case 'F': case 'I': case 'L': {
        size_t n = pk->klen;
        if (op == 'L' && n && pk->kbuf[n - 1] == 'L')
            n--;
        if (op == 'L' && pk->legacy_check && pk->spickles == 1 && str_is(pk->kbuf, pk->klen, LEGACY_MAGIC_TEXT "L"))
            pk->legacy_magic = 1;
        if (!pk->kcut && !number_text_ok(pk->kbuf, n, op == 'F'))
            return perr(pk, "argument_invalid", pk->op_pos, "%s argument is not a number", OPNAME(pk));
        return push(pk, K_VALUE, 0, 0);
    }
    case 'J': case 'K': case 'M': case 'G': case 'N': case 0x88: case 0x89: case 0x8b:
    case 'B': case 'C': case 0x8e: case 0x96: case ']': case '}': case ')': case 0x8f: case 0x97:
        return push(pk, K_VALUE, 0, 0);
    case 0x8a:   /* LONG1 */
        if (pk->legacy_check && pk->spickles == 1 && pk->klen == 10 && !pk->kcut &&
            memcmp(pk->kbuf, legacy_magic, 10) == 0)
            pk->legacy_magic = 1;
        return push(pk, K_VALUE, 0, 0);
    case 'P':
        return push(pk, K_OBJ, NO_IMPORT, 0);
    case 'Q':
        if (!need(pk, 1, &rc))
            return rc;
        pop(pk);
        return push(pk, K_OBJ, NO_IMPORT, 0);
    case 'R':
        if (!need(pk, 2, &rc))
            return rc;
        pop(pk);
        a = pop(pk);
        note_call(pk, &a);
        return push(pk, K_OBJ, a.kind == K_GLOBAL ? a.a : NO_IMPORT, 0);
    case 'S': case 'V': {
        char out[4 * (PICKLE_MAX_NAME + 2)];
        size_t olen = 0;
        if (op == 'S') {
            if (pk->llen < 2 || pk->lfirst != pk->llast || (pk->lfirst != '"' && pk->lfirst != '\''))
                return perr(pk, "argument_invalid", pk->op_pos, "the STRING argument must be quoted");
            if (pk->kcut)
                return push(pk, K_STRX, 0, 0);
            if (escape_decode(pk->kbuf + 1, pk->klen - 2, out, &olen))
                return perr(pk, "argument_invalid", pk->op_pos, "invalid escape in the STRING argument");
        } else {
            if (pk->kcut)
                return push(pk, K_STRX, 0, 0);
            if (rawuni_decode(pk->kbuf, pk->klen, out, &olen))
                return perr(pk, "argument_invalid", pk->op_pos, "invalid \\u escape in the UNICODE argument");
        }
        if ((rc = str_item(pk, out, olen, &it)))
            return rc;
        return push_item(pk, &it);
    }
    case 'T': case 'U': case 'X': case 0x8c: case 0x8d:
        if (pk->kcut || !pk->keep)
            return push(pk, K_STRX, 0, 0);
        if ((rc = str_item(pk, pk->kbuf, pk->klen, &it)))
            return rc;
        return push_item(pk, &it);
    case 'a':
        if (!need(pk, 2, &rc))
            return rc;
        pop(pk);
        return 0;
    case 'b':
        if (!need(pk, 2, &rc))
            return rc;
        pop(pk);
        a = *top(pk);
        if (a.kind == K_GLOBAL) {
            const char *path = a.a != NO_IMPORT ? pk->imp[a.a].path : "?";
            char *safe = jsonout_safe_string(path, a.a != NO_IMPORT ? pk->imp[a.a].plen : 1);
            if (!safe)
                return WA_ENOMEM;
            rc = pnote(pk, SEV_DENY, "unsafe_build", pk->op_pos,
                       "BUILD sets attributes on the imported object %s itself (a class or module), "
                       "which rewrites code the loader runs", safe);
            free(safe);
            return rc;
        }
        if (a.kind == K_OBJ && a.a != NO_IMPORT)
            pk->imp[a.a].builds++;
        return 0;
    case 'c': case 'i':
        return do_global(pk, pk->mbuf, pk->mlen, pk->mcut, pk->kbuf, pk->klen, pk->kcut, op == 'i');
    case 'd': case 'u':
        if (!pop_mark(pk, &count, &first, &rc))
            return rc;
        if (count % 2)
            return perr(pk, "stack_underflow", pk->op_pos, "%s with an odd number of items (%zu)", OPNAME(pk), count);
        if (op == 'd')
            return push(pk, K_VALUE, 0, 0);
        need(pk, 1, &rc);
        return rc;
    case 'e': case 0x90:
        if (!pop_mark(pk, &count, &first, &rc))
            return rc;
        need(pk, 1, &rc);
        return rc;
    case 'l': case 't': case 0x91:
        if (!pop_mark(pk, &count, &first, &rc))
            return rc;
        return push(pk, K_VALUE, 0, 0);
    case 'o':
        if (!pop_mark(pk, &count, &first, &rc))
            return rc;
        if (count == 0)
            return perr(pk, "stack_underflow", pk->op_pos, "OBJ without a class after the mark");
        note_call(pk, &first);
        return push(pk, K_OBJ, first.kind == K_GLOBAL ? first.a : NO_IMPORT, 0);
    case 'g': case 'h': case 'j': {
        const struct item *m;
        uint64_t key = pk->arg;
        if (op == 'g') {
            int neg;
            if (pk->kcut || parse_index(pk->kbuf, pk->klen, &neg, &key))
                return perr(pk, "argument_invalid", pk->op_pos, "GET argument is not an integer");
            if (neg)
                return perr(pk, "memo_invalid", pk->op_pos, "GET of a negative memo index");
        }
        m = memo_get(pk, key);
        if (!m) {
            if (pk->memo_lost)
                return push(pk, K_OBJ, NO_IMPORT, 0);
            return perr(pk, "memo_invalid", pk->op_pos, "%s of memo index %llu, which was never stored",
                        OPNAME(pk), (unsigned long long)key);
        }
        it = *m;
        return push_item(pk, &it);
    }
    case 'p': case 'q': case 'r': case 0x94: {
        uint64_t key = op == 0x94 ? pk->memo_n : pk->arg;
        if (op == 'p') {
            int neg;
            if (pk->kcut || parse_index(pk->kbuf, pk->klen, &neg, &key))
                return perr(pk, "argument_invalid", pk->op_pos, "PUT argument is not an integer");
            if (neg)
                return perr(pk, "argument_invalid", pk->op_pos, "negative PUT argument");
        }
        if (!need(pk, 1, &rc))
            return rc;
        it = *top(pk);
        return memo_put(pk, key, &it);
    }
    case 's':
        if (!need(pk, 3, &rc))
            return rc;
        pop(pk);
        pop(pk);
        return 0;
    case 0x80:
        if (pk->arg > 5)
            return perr(pk, "protocol_unsupported", pk->op_pos, "pickle protocol %llu (0 to 5 exist)",
                        (unsigned long long)pk->arg);
        if (pk->arg > pk->protocol)
            pk->protocol = (unsigned)pk->arg;
        pk->cur_proto = (unsigned)pk->arg;
        return 0;
    case 0x81:
        if (!need(pk, 2, &rc))
            return rc;
        pop(pk);
        a = pop(pk);
        note_call(pk, &a);
        return push(pk, K_OBJ, a.kind == K_GLOBAL ? a.a : NO_IMPORT, 0);
    case 0x92:
        if (!need(pk, 3, &rc))
            return rc;
        pop(pk);
        pop(pk);
        a = pop(pk);
        note_call(pk, &a);
        return push(pk, K_OBJ, a.kind == K_GLOBAL ? a.a : NO_IMPORT, 0);
    case 0x82: case 0x83: case 0x84:
        if (op == 0x84 && (int32_t)(uint32_t)pk->arg <= 0)
            return perr(pk, "argument_invalid", pk->op_pos, "EXT4 code %d is not positive",
                        (int32_t)(uint32_t)pk->arg);
        if (op != 0x84 && pk->arg == 0)
            return perr(pk, "argument_invalid", pk->op_pos, "%s code 0", OPNAME(pk));
        if (!pk->noted_ext++ &&
            (rc = pnote(pk, SEV_REVIEW, "extension_import", pk->op_pos,
                        "%s refers to extension code %llu: the object comes from copyreg's registry "
                        "at load time and cannot be named here", OPNAME(pk), (unsigned long long)pk->arg)))
            return rc;
        return push(pk, K_OBJ, NO_IMPORT, 0);
    case 0x85: case 0x86: case 0x87: {
        size_t k = (size_t)(op - 0x84);
        if (!need(pk, k, &rc))
            return rc;
        pk->sn -= k;
        return push(pk, K_VALUE, 0, 0);
    }
    case 0x93: {
        uint32_t idx;
        int resolvable;
        if (!need(pk, 2, &rc))
            return rc;
        b = pop(pk);
        a = pop(pk);
        if (a.kind == K_VALUE || b.kind == K_VALUE)
            return perr(pk, "argument_invalid", pk->op_pos, "STACK_GLOBAL requires two strings");
        resolvable = a.kind == K_STR && b.kind == K_STR;
        if ((rc = add_import(pk, resolvable ? pk->arena + a.a : NULL, a.b, resolvable ? pk->arena + b.a : NULL,
                             b.b, resolvable, &idx)) || pk->st == W_STOPPED)
            return rc;
        return push(pk, K_GLOBAL, idx, 0);
    }
    case 0x95:
        if (pk->arg > (uint64_t)INT64_MAX)
            return perr(pk, "argument_invalid", pk->op_pos, "FRAME length %llu is too large",
                        (unsigned long long)pk->arg);
        if (pk->spos + pk->arg > pk->frame_end)
            pk->frame_end = pk->spos + pk->arg;
        return 0;
    case 0x98:
        need(pk, 1, &rc);
        return rc;
    }
    return 0;
}

/* ---- the byte-level walk ---------------------------------------------- */

static void reset_pickle_model(struct pickle *pk)
{
    pk->sn = 0;
    pk->mn = 0;
    pk->stack_lost = 0;
    if (pk->memo_n || pk->memo_cap > 64) {
        free(pk->memo);
        pk->memo = NULL;
        pk->memo_cap = 0;
    }
    pk->memo_n = 0;
    pk->memo_lost = 0;
    pk->arena_len = 0;
    pk->ops = 0;
}

static void begin_pickle(struct pickle *pk)
{
    reset_pickle_model(pk);
    pk->spickles++;
    pk->pickles++;
    pk->cur_proto = 0;
    pk->st = W_OP;
}

static int end_pickle(struct pickle *pk)
{
    if (pk->legacy_check && pk->spickles == 1) {
        pk->legacy_check = 0;
        if (pk->legacy_magic)
            pk->container = C_LEGACY;
    }
    if (pk->container == C_LEGACY && pk->spickles == LEGACY_PICKLES) {
        pk->st = W_DATA;
        return 0;
    }
    pk->st = W_START;
    return 0;
}

/* The opcode byte has been read: set up its argument. */
static int begin_op(struct pickle *pk, uint8_t op)
{
    pk->op = op;
    pk->op_pos = pk->spos;
    if (!optab[op].name)
        return perr(pk, "opcode_unknown", pk->op_pos, "byte 0x%02x is not a pickle opcode", op);
    if (++pk->ops > PICKLE_MAX_OPS)
        return perr(pk, "limit_exceeded", pk->op_pos, "more than %llu opcodes in one pickle",
                    (unsigned long long)PICKLE_MAX_OPS);
    pk->total_ops++;
    if (optab[op].proto > pk->protocol)
        pk->protocol = optab[op].proto;
    if (pk->legacy_check && pk->spickles == 1 && op != 0x80 && op != 0x95 && op != 0x8a && op != 'L' &&
        op != '.')
        pk->legacy_check = 0;
    pk->klen = 0;
    pk->kcut = 0;
    pk->keep = 0;
    switch (optab[op].arg) {
    case A_NONE:
        return exec_op(pk);
    case A_NUMLINE: case A_PAIR: case A_QUOTED: case A_RAWUNI: case A_ASCIILINE:
        pk->st = W_LINE;
        pk->llen = 0;
        pk->line_no = 0;
        return 0;
    default:
        pk->st = W_ARG;
        pk->need = fixed_size[optab[op].arg];
        pk->have = 0;
        return 0;
    }
}

/* A fixed argument or a length is complete. */
static int arg_done(struct pickle *pk)
{
    uint64_t v = 0;
    uint8_t k = optab[pk->op].arg;

    for (unsigned i = pk->need; i-- > 0;)
        v = (v << 8) | pk->abuf[i];
    pk->arg = v;
    if (k == A_L1 || k == A_L4S || k == A_L4 || k == A_L8) {
        if (k == A_L4S && (v & 0x80000000u))
            return perr(pk, "argument_invalid", pk->op_pos, "%s has a negative byte count", OPNAME(pk));
        if (k == A_L8 && v > (uint64_t)INT64_MAX)
            return perr(pk, "argument_invalid", pk->op_pos, "%s length %llu exceeds the largest size",
                        OPNAME(pk), (unsigned long long)v);
        pk->left = v;
        /* strings may name imports; LONG1 may be the legacy magic */
        pk->keep = (pk->op == 'T' || pk->op == 'U' || pk->op == 'X' || pk->op == 0x8c || pk->op == 0x8d ||
                    pk->op == 0x8a) && v <= PICKLE_MAX_NAME;
        pk->kcut = !pk->keep;
        if (v == 0) {
            pk->st = W_OP;
            return exec_op(pk);
        }
        pk->st = W_PAYLOAD;
        return 0;
    }
    pk->st = W_OP;
    return exec_op(pk);
}

/* One byte of a text line (not the newline). */
static int line_byte(struct pickle *pk, uint8_t c)
{
    uint8_t k = optab[pk->op].arg;

    if (pk->llen == 0)
        pk->lfirst = c;
    pk->llast = c;
    pk->llen++;
    if (k == A_NUMLINE) {
        if (pk->llen > PICKLE_MAX_LINE)
            return perr(pk, "argument_invalid", pk->op_pos, "%s argument is longer than %u bytes", OPNAME(pk),
                        PICKLE_MAX_LINE);
        if (c < 0x20 || c > 0x7e)
            return perr(pk, "argument_invalid", pk->op_pos + 1 + pk->llen - 1,
                        "%s argument holds byte 0x%02x", OPNAME(pk), c);
    } else if (k == A_ASCIILINE && c >= 0x80) {
        return perr(pk, "argument_invalid", pk->op_pos, "PERSID argument is not ASCII");
    }
    if (pk->klen < sizeof pk->kbuf - (k == A_QUOTED ? 0 : 2))
        pk->kbuf[pk->klen++] = (char)c;
    else
        pk->kcut = 1;
    return 0;
}

static int line_done(struct pickle *pk)
{
    if (optab[pk->op].arg == A_PAIR && pk->line_no == 0) {
        memcpy(pk->mbuf, pk->kbuf, pk->klen);
        pk->mlen = pk->klen;
        pk->mcut = pk->kcut;
        pk->klen = 0;
        pk->kcut = 0;
        pk->llen = 0;
        pk->line_no = 1;
        return 0;
    }
    pk->st = W_OP;
    return exec_op(pk);
}

static int walk(struct pickle *pk, const uint8_t *p, size_t n)
{
    int rc = 0;

    while (n && !rc) {
        size_t k;
        switch (pk->st) {
        case W_DATA:
            pk->data_bytes += n;
            /* fall through */
        case W_STOPPED:
            pk->spos += n;
            return 0;
        case W_START:
            if (pk->spickles >= PICKLE_MAX_PICKLES) {
                rc = perr(pk, "limit_exceeded", pk->spos, "more than %u pickles in one stream", PICKLE_MAX_PICKLES);
                break;
            }
            begin_pickle(pk);
            /* fall through */
        case W_OP: {
            uint8_t op = *p++;
            n--;
            rc = begin_op(pk, op);   /* pk->spos is the opcode's offset */
            pk->spos++;
            break;
        }
        case W_ARG:
            k = pk->need - pk->have < n ? pk->need - pk->have : n;
            memcpy(pk->abuf + pk->have, p, k);
            pk->have += (unsigned)k;
            p += k;
            n -= k;
            pk->spos += k;
            if (pk->have == pk->need)
                rc = arg_done(pk);
            break;
        case W_PAYLOAD:
            k = pk->left < n ? (size_t)pk->left : n;
            if (pk->keep) {
                memcpy(pk->kbuf + pk->klen, p, k);
                pk->klen += k;
            }
            p += k;
            n -= k;
            pk->spos += k;
            pk->left -= k;
            if (!pk->left) {
                pk->st = W_OP;
                rc = exec_op(pk);
            }
            break;
        case W_LINE: {
            const uint8_t *nl = memchr(p, '\n', n);
            size_t upto = nl ? (size_t)(nl - p) : n;
            for (size_t i = 0; i < upto && !rc && pk->st == W_LINE; i++)
                rc = line_byte(pk, p[i]);
            if (rc || pk->st != W_LINE) {
                pk->spos += n;   /* stopped: the rest is only counted */
                return rc;
            }
            p += upto;
            n -= upto;
            pk->spos += upto;
            if (nl) {
                p++;
                n--;
                pk->spos++;
                rc = line_done(pk);
            }
            break;
        }
        }
    }
    return rc;
}

/* ---- streams ------------------------------------------------------------ */

static void begin_stream(struct pickle *pk, int64_t base, const char *entry, int legacy_check)
{
    pk->spos = 0;
    pk->base = base;
    pk->entry = entry;
    pk->frame_end = 0;
    pk->spickles = 0;
    pk->legacy_check = legacy_check;
    pk->legacy_magic = 0;
    pk->st = W_START;
}

/* The stream has ended: it must end between pickles (five for legacy). */
static int end_stream(struct pickle *pk)
{
    switch (pk->st) {
    case W_STOPPED:
        return 0;
    case W_OP:
        return perr(pk, "truncated", pk->spos, "the stream ends inside a pickle, before its STOP");
    case W_ARG: case W_PAYLOAD: case W_LINE:
        return perr(pk, "truncated", pk->spos, "the stream ends inside the argument of %s (the opcode is at "
                    "stream offset %llu)", OPNAME(pk), (unsigned long long)pk->op_pos);
    case W_START:
        if (pk->spickles == 0)
            return perr(pk, "truncated", 0, "no pickle: the stream is empty");
        if (pk->container == C_LEGACY && pk->spickles < LEGACY_PICKLES)
            return perr(pk, "truncated", pk->spos, "the legacy checkpoint ends after %u of its %d pickles",
                        pk->spickles, LEGACY_PICKLES);
        break;
    case W_DATA:
        break;
    }
    if (pk->frame_end > pk->spos)
        return perr(pk, "truncated", pk->spos, "a FRAME announces data up to offset %llu but the stream ends first",
                    (unsigned long long)pk->frame_end);
    return 0;
}

/* ---- the push interface ----------------------------------------------- */

int pickle_new(struct pickle **out)
{
    struct pickle *pk = calloc(1, sizeof *pk);

    *out = pk;
    if (!pk)
        return WA_ENOMEM;
    fmt_result_init(&pk->res);
    pk->res.format = FORMAT_PICKLE;
    memset(pk->imp_idx, 0xff, sizeof pk->imp_idx);
    pk->container = C_BARE;
    return WA_OK;
}

void pickle_free(struct pickle *pk)
{
    if (!pk)
        return;
    free(pk->stk);
    free(pk->marks);
    free(pk->memo);
    free(pk->arena);
    for (size_t i = 0; i < pk->imp_n; i++)
        free(pk->imp[i].path);
    free(pk->imp);
    free(pk->zloc);
    free(pk->znames);
    free(pk->zname);
    fmt_result_free(&pk->res);
    free(pk);
}

static void start_file_stream(struct pickle *pk)
{
    if (!pk->started) {
        pk->started = 1;
        begin_stream(pk, 0, NULL, 1);
    }
}

int pickle_feed(struct pickle *pk, const uint8_t *p, size_t n)
{
    start_file_stream(pk);
    pk->total += n;
    return walk(pk, p, n);
}

int pickle_wants_rest(const struct pickle *pk)
{
    return !pk->started || (pk->st != W_DATA && pk->st != W_STOPPED);
}

int pickle_skip(struct pickle *pk, uint64_t n)
{
    if (pickle_wants_rest(pk))
        return WA_EUSAGE;
    pk->total += n;
    pk->spos += n;
    if (pk->st == W_DATA)
        pk->data_bytes += n;
    return WA_OK;
}

/* ---- zip checkpoints (libarchive, streaming) --------------------------- */

/*
 * libarchive's streaming reader walks the local headers from the front;
 * PyTorch (miniz) and Python's zipfile find entries through the central
 * directory at the end.  A zip can make the two disagree (a decoy local
 * entry, the real one hidden in another entry's data), so every byte handed
 * to libarchive also passes a tap that keeps the last TAP_KEEP of them: when
 * libarchive returns a header, its raw bytes are still there and are
 * recorded (offset, name, method, sizes); after the last entry the rest of
 * the file (central directory, end records) is kept and checked against
 * those records (zip_check_cd).
 */
#define TAP_KEEP (256u << 10)     /* > the largest local header (30 + 2 x 65535) plus a descriptor */

struct zread {
    fmt_read_fn rd;
    void *ctx;
    const uint8_t *first;         /* the chunk read to recognise the zip */
    size_t first_n;
    int rc;                       /* the read function's error */
    uint64_t *total;
    /* the tap: bytes [tail_off, tail_off + tail_n) copied, then the current chunk */
    const uint8_t *cur;
    size_t cur_n;
    uint64_t cur_off;
    uint8_t *tail;                /* 2 x TAP_KEEP */
    size_t tail_n;
    uint64_t tail_off;
};

/* The current chunk is about to be replaced: keep its last bytes. */
static void tap_keep(struct zread *z)
{
    if (!z->cur_n)
        return;
    if (z->cur_n >= TAP_KEEP) {
        memcpy(z->tail, z->cur + z->cur_n - TAP_KEEP, TAP_KEEP);
        z->tail_n = TAP_KEEP;
    } else {
        if (z->tail_n + z->cur_n > 2 * TAP_KEEP) {
            size_t keep = TAP_KEEP - z->cur_n;
            memmove(z->tail, z->tail + z->tail_n - keep, keep);
            z->tail_n = keep;
        }
        memcpy(z->tail + z->tail_n, z->cur, z->cur_n);
        z->tail_n += z->cur_n;
    }
    z->tail_off = z->cur_off + z->cur_n - z->tail_n;
    z->cur_n = 0;
}

static void tap_set(struct zread *z, const uint8_t *p, size_t n)
{
    tap_keep(z);
    z->cur = p;
    z->cur_n = n;
    z->cur_off = *z->total;
    *z->total += n;
}

/* Copy bytes [off, off + len) of the file from the tap; 0, or -1 when they are not all there. */
static int tap_copy(const struct zread *z, uint64_t off, size_t len, uint8_t *dst)
{
    uint64_t lo = z->tail_n ? z->tail_off : z->cur_off;

    if (off < lo || off + len > z->cur_off + z->cur_n || off + len < off)
        return -1;
    while (len) {
        size_t k;
        if (off < z->cur_off) {
            size_t at = (size_t)(off - z->tail_off);
            k = z->tail_n - at < len ? z->tail_n - at : len;
            memcpy(dst, z->tail + at, k);
        } else {
            size_t at = (size_t)(off - z->cur_off);
            k = len;
            memcpy(dst, z->cur + at, k);
        }
        dst += k;
        off += k;
        len -= k;
    }
    return 0;
}

static la_ssize_t z_read(struct archive *a, void *ud, const void **buf)
{
    struct zread *z = ud;
    const uint8_t *p;
    size_t n;
    int rc;

    if (z->first) {
        *buf = z->first;
        n = z->first_n;
        z->first = NULL;
        tap_set(z, *buf, n);
        return (la_ssize_t)n;
    }
    tap_keep(z);   /* before the read function reuses the chunk */
    if ((rc = z->rd(z->ctx, &p, &n))) {
        z->rc = rc;
        archive_set_error(a, EIO, "read failed");
        return -1;
    }
    *buf = p;
    tap_set(z, p, n);
    return (la_ssize_t)n;
}

static int zproblem(struct pickle *pk, enum problem_sev sev, const char *code, int64_t off, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int zproblem(struct pickle *pk, enum problem_sev sev, const char *code, int64_t off, const char *fmt, ...)
{
    char msg[700];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return problem_add(&pk->res.problems, sev, code, off, "%s", msg);
}

/* The zip's layout is not one every reader sees alike: dangerous (what
 * torch loads may not be what was scanned) and invalid. */
static int zinconsistent(struct pickle *pk, int64_t off, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int zinconsistent(struct pickle *pk, int64_t off, const char *fmt, ...)
{
    char msg[700];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    pk->invalid = 1;
    return problem_add(&pk->res.problems, SEV_DENY, "zip_inconsistent", off,
                       "%s; PyTorch and Python's zipfile read entries through the central directory, so they "
                       "may load something other than what was scanned", msg);
}

static uint16_t le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
    return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* Resolve the zip64 extra field (id 1): each of *v[0..k) that is
 * 0xffffffff takes the next 8 bytes, in order.  0, or -1 when missing. */
static int zip64_extra(const uint8_t *x, size_t xn, uint64_t *const *v, int k)
{
    size_t i = 0;
    int need = 0;

    for (int j = 0; j < k; j++)
        need += *v[j] == 0xffffffffu;
    if (!need)
        return 0;
    while (i + 4 <= xn) {
        uint16_t id = le16(x + i), sz = le16(x + i + 2);
        if (i + 4 + sz > xn)
            return -1;
        if (id == 1) {
            size_t at = i + 4;
            for (int j = 0; j < k; j++)
                if (*v[j] == 0xffffffffu) {
                    if (at + 8 > i + 4 + sz)
                        return -1;
                    *v[j] = le64(x + at);
                    at += 8;
                }
            return 0;
        }
        i += 4 + (size_t)sz;
    }
    return -1;
}

/* The part of an entry name after its first directory ("archive/data.pkl"
 * -> "data.pkl"); the whole name when it has none. */
static const char *after_prefix(const char *name)
{
    const char *s = strchr(name, '/');

    return s ? s + 1 : name;
}

/* libarchive has just returned a header and consumed it: find its raw bytes
 * in the tap (the one local header that ends at the data start), record it
 * and make its name the current one.  1 recorded, 0 not (a problem was
 * added, *rc set). */
static int zip_record_local(struct pickle *pk, struct zread *z, int64_t hpos, int64_t start, int *rc)
{
    const uint64_t span = 30 + 2 * 65535u;
    uint64_t s = (uint64_t)start, lo, found = UINT64_MAX;
    size_t len;
    uint8_t *win, hdr[30];
    int cands = 0;
    struct zloc *l;

    *rc = 0;
    lo = s > span ? s - span : 0;
    if (hpos > 0 && (uint64_t)hpos > lo)
        lo = (uint64_t)hpos;
    if (z->tail_n ? lo < z->tail_off : lo < z->cur_off)
        lo = z->tail_n ? z->tail_off : z->cur_off;
    if (s < lo + 30) {
        *rc = zinconsistent(pk, hpos, "zip entry %zu: its local header cannot be located", pk->zip_entries);
        return 0;
    }
    len = (size_t)(s - lo);
    win = malloc(len);
    if (!win) {
        *rc = WA_ENOMEM;
        return 0;
    }
    if (tap_copy(z, lo, len, win)) {
        free(win);
        *rc = zinconsistent(pk, hpos, "zip entry %zu: its local header cannot be located", pk->zip_entries);
        return 0;
    }
    for (size_t i = 0; i + 30 <= len; i++)
        if (win[i] == 'P' && memcmp(win + i, "PK\3\4", 4) == 0 &&
            i + 30 + (size_t)le16(win + i + 26) + le16(win + i + 28) == len) {
            cands++;
            found = lo + i;
        }
    if (cands != 1) {
        free(win);
        *rc = zinconsistent(pk, hpos, "zip entry %zu: %s local header ends where its data begins", pk->zip_entries,
                            cands ? "more than one" : "no");
        return 0;
    }
    memcpy(hdr, win + (found - lo), 30);
    {
        size_t nl = le16(hdr + 26), xl = le16(hdr + 28);
        const uint8_t *nm = win + (found - lo) + 30;
        uint64_t csize = le32(hdr + 18), usize = le32(hdr + 22);
        uint64_t *v[2] = { &usize, &csize };
        if (zip64_extra(nm + nl, xl, v, 2)) {
            free(win);
            *rc = zinconsistent(pk, (int64_t)found, "zip entry %zu: sizes 0xffffffff without a zip64 extra field",
                                pk->zip_entries);
            return 0;
        }
        if (pk->znames_len + nl > PICKLE_MAX_ZIP_NAMES) {
            free(win);
            *rc = zproblem(pk, SEV_ERROR, "limit_exceeded", (int64_t)found,
                           "the zip's entry names hold more than %u bytes", PICKLE_MAX_ZIP_NAMES);
            return 0;
        }
        if (pk->znames_len + nl > pk->znames_cap || !pk->znames) {
            size_t cap = pk->znames_cap ? pk->znames_cap : 4096;
            while (cap < pk->znames_len + nl)
                cap *= 2;
            char *b = realloc(pk->znames, cap);
            if (!b)
                goto oom;
            pk->znames = b;
            pk->znames_cap = cap;
        }
        if (nl + 1 > pk->zname_cap) {
            char *b = realloc(pk->zname, nl + 1);
            if (!b)
                goto oom;
            pk->zname = b;
            pk->zname_cap = nl + 1;
        }
        if (pk->zloc_n == pk->zloc_cap) {
            size_t cap = pk->zloc_cap ? pk->zloc_cap * 2 : 16;
            struct zloc *b = realloc(pk->zloc, cap * sizeof *b);
            if (!b)
                goto oom;
            pk->zloc = b;
            pk->zloc_cap = cap;
        }
        l = &pk->zloc[pk->zloc_n++];
        memset(l, 0, sizeof *l);
        l->hdr = found;
        l->data = s;
        l->csize = csize;
        l->usize = usize;
        l->flags = le16(hdr + 6);
        l->method = le16(hdr + 8);
        l->crc = le32(hdr + 14);
        l->name = pk->znames_len;
        l->name_len = (uint16_t)nl;
        memcpy(pk->znames + pk->znames_len, nm, nl);
        pk->znames_len += nl;
        memcpy(pk->zname, nm, nl);
        pk->zname[nl] = '\0';
        if (memchr(nm, 0, nl)) {
            free(win);
            *rc = zinconsistent(pk, (int64_t)found, "zip entry %zu: its name holds a NUL byte", pk->zip_entries);
            return 0;
        }
    }
    free(win);
    return 1;
oom:
    free(win);
    *rc = WA_ENOMEM;
    return 0;
}

static int zloc_cmp(const void *key, const void *elt)
{
    uint64_t k = *(const uint64_t *)key, h = ((const struct zloc *)elt)->hdr;

    return k < h ? -1 : k > h;
}

/* Read the rest of the file (from q, libarchive's position at its end of
 * entries: the central directory, the end records) and check it against
 * the local headers walked: the end record must end the file (no second
 * one in its comment), the directory must lie right before it, and each of
 * its entries must name one walked local header (same offset, name, method,
 * sizes, CRC), each header once, with the entries back to back. */
static int zip_check_cd(struct pickle *pk, struct zread *z, uint64_t q)
{
    uint8_t *b = NULL;
    size_t n = 0, cap = 0, eocd = SIZE_MAX, at;
    uint64_t cd_off, cd_size, cd_count, cd_end;
    int rc = 0;

    if (q > *z->total || *z->total - q > PICKLE_MAX_ZIP_TAIL)
        return zinconsistent(pk, (int64_t)q, "the zip's central directory cannot be located");
    n = (size_t)(*z->total - q);
    cap = n > 4096 ? n : 4096;
    if (!(b = malloc(cap)))
        return WA_ENOMEM;
    if (n && tap_copy(z, q, n, b)) {
        free(b);
        return zinconsistent(pk, (int64_t)q, "the zip's central directory cannot be located");
    }
    for (;;) {
        const uint8_t *p;
        size_t k;
        tap_keep(z);
        if ((rc = z->rd(z->ctx, &p, &k))) {
            free(b);
            return rc;
        }
        if (!k)
            break;
        *z->total += k;
        if (n + k > PICKLE_MAX_ZIP_TAIL) {
            free(b);
            return zproblem(pk, SEV_ERROR, "limit_exceeded", (int64_t)q,
                            "the zip holds more than %u bytes after its last entry", PICKLE_MAX_ZIP_TAIL);
        }
        if (n + k > cap) {
            while (cap < n + k)
                cap *= 2;
            uint8_t *nb = realloc(b, cap);
            if (!nb) {
                free(b);
                return WA_ENOMEM;
            }
            b = nb;
        }
        memcpy(b + n, p, k);
        n += k;
    }
    /* the end record: the last signature, as readers search for it */
    for (size_t i = n >= 22 ? n - 22 + 1 : 0; i-- > 0;)
        if (b[i] == 'P' && memcmp(b + i, "PK\5\6", 4) == 0) {
            eocd = i;
            break;
        }
    if (eocd == SIZE_MAX) {
        rc = zinconsistent(pk, (int64_t)(q + n), "no end of central directory record after the last entry");
        goto out;
    }
    if (eocd + 22 + le16(b + eocd + 20) != n) {
        rc = zinconsistent(pk, (int64_t)(q + eocd), "the end of central directory record does not end the file "
                           "(its comment length disagrees)");
        goto out;
    }
    for (size_t i = eocd + 1; i + 4 <= n; i++)
        if (b[i] == 'P' && memcmp(b + i, "PK\5\6", 4) == 0) {
            rc = zinconsistent(pk, (int64_t)(q + i), "a second end of central directory signature in the zip comment");
            goto out;
        }
    if (le16(b + eocd + 4) || le16(b + eocd + 6) || le16(b + eocd + 8) != le16(b + eocd + 10)) {
        rc = zinconsistent(pk, (int64_t)(q + eocd), "a multi-disk zip");
        goto out;
    }
    cd_count = le16(b + eocd + 10);
    cd_size = le32(b + eocd + 12);
    cd_off = le32(b + eocd + 16);
    cd_end = q + eocd;
    if (eocd >= 20 && memcmp(b + eocd - 20, "PK\6\7", 4) == 0) {
        /* zip64: the locator, then the zip64 end record it points at */
        uint64_t z64 = le64(b + eocd - 20 + 8), rsz;
        size_t zi;
        if (z64 < q || z64 - q + 56 > eocd - 20 || memcmp(b + (z64 - q), "PK\6\6", 4) != 0) {
            rc = zinconsistent(pk, (int64_t)(q + eocd - 20), "the zip64 locator does not point at a zip64 end record");
            goto out;
        }
        zi = (size_t)(z64 - q);
        rsz = le64(b + zi + 4);
        if (zi + 12 + rsz != eocd - 20 || le32(b + zi + 16) || le32(b + zi + 20) ||
            le64(b + zi + 24) != le64(b + zi + 32)) {
            rc = zinconsistent(pk, (int64_t)z64, "the zip64 end record is malformed or not followed by its locator");
            goto out;
        }
        if ((cd_count != 0xffff && cd_count != le64(b + zi + 32)) ||
            (cd_size != 0xffffffffu && cd_size != le64(b + zi + 40)) ||
            (cd_off != 0xffffffffu && cd_off != le64(b + zi + 48))) {
            rc = zinconsistent(pk, (int64_t)z64, "the zip64 end record and the end record disagree");
            goto out;
        }
        cd_count = le64(b + zi + 32);
        cd_size = le64(b + zi + 40);
        cd_off = le64(b + zi + 48);
        cd_end = z64;
    }
    if (cd_off < q || cd_off > cd_end || cd_end - cd_off != cd_size) {
        rc = zinconsistent(pk, (int64_t)(q + eocd), "the central directory (offset %llu, %llu bytes) is not where "
                           "the entries end", (unsigned long long)cd_off, (unsigned long long)cd_size);
        goto out;
    }
    at = (size_t)(cd_off - q);
    for (uint64_t i = 0; i < cd_count; i++) {
        const uint8_t *c = b + at;
        size_t nl, xl, cl;
        uint64_t csize, usize, off;
        uint64_t *v[3] = { &usize, &csize, &off };
        struct zloc *l;
        int64_t where = (int64_t)(q + at);
        if (at + 46 > (size_t)(cd_end - q) || memcmp(c, "PK\1\2", 4) != 0) {
            rc = zinconsistent(pk, where, "central directory entry %llu is malformed", (unsigned long long)i);
            goto out;
        }
        nl = le16(c + 28);
        xl = le16(c + 30);
        cl = le16(c + 32);
        if (at + 46 + nl + xl + cl > (size_t)(cd_end - q)) {
            rc = zinconsistent(pk, where, "central directory entry %llu runs past the directory", (unsigned long long)i);
            goto out;
        }
        csize = le32(c + 20);
        usize = le32(c + 24);
        off = le32(c + 42);
        if (zip64_extra(c + 46 + nl, xl, v, 3)) {
            rc = zinconsistent(pk, where, "central directory entry %llu: 0xffffffff without a zip64 extra field",
                               (unsigned long long)i);
            goto out;
        }
        l = bsearch(&off, pk->zloc, pk->zloc_n, sizeof *pk->zloc, zloc_cmp);
        if (!l) {
            rc = zinconsistent(pk, where, "central directory entry %llu (%.*s) points at offset %llu, where the scan "
                               "read no local header", (unsigned long long)i, (int)(nl < 200 ? nl : 200),
                               (const char *)c + 46, (unsigned long long)off);
            goto out;
        }
        if (l->in_cd++) {
            rc = zinconsistent(pk, where, "two central directory entries point at the local header at offset %llu",
                               (unsigned long long)off);
            goto out;
        }
        if (l->name_len != nl || memcmp(pk->znames + l->name, c + 46, nl) != 0) {
            rc = zinconsistent(pk, where, "central directory entry %llu is named %.*s, its local header %.*s",
                               (unsigned long long)i, (int)(nl < 200 ? nl : 200), (const char *)c + 46,
                               (int)(l->name_len < 200 ? l->name_len : 200), pk->znames + l->name);
            goto out;
        }
        if (le16(c + 10) != l->method || usize != l->produced || (l->method == 0 && csize != usize) ||
            (!(l->flags & 8) && (csize != l->csize || usize != l->usize || le32(c + 16) != l->crc))) {
            rc = zinconsistent(pk, where, "central directory entry %llu (%.*s) disagrees with its local header "
                               "(method, sizes or CRC)", (unsigned long long)i, (int)(nl < 200 ? nl : 200),
                               (const char *)c + 46);
            goto out;
        }
        /* stash the directory's compressed size for the layout check */
        l->csize = csize;
        at += 46 + nl + xl + cl;
    }
    if (at != (size_t)(cd_end - q)) {
        rc = zinconsistent(pk, (int64_t)(q + at), "bytes after the central directory's entries");
        goto out;
    }
    for (size_t i = 0; i < pk->zloc_n; i++)
        if (!pk->zloc[i].in_cd) {
            const struct zloc *l = &pk->zloc[i];
            rc = zinconsistent(pk, (int64_t)l->hdr, "the local header at offset %llu (%.*s) is not in the central "
                               "directory", (unsigned long long)l->hdr, (int)(l->name_len < 200 ? l->name_len : 200),
                               pk->znames + l->name);
            goto out;
        }
    /* back to back: each entry's data (and descriptor) reaches the next header */
    for (size_t i = 0; i < pk->zloc_n; i++) {
        const struct zloc *l = &pk->zloc[i];
        uint64_t next = i + 1 < pk->zloc_n ? pk->zloc[i + 1].hdr : cd_off, end = l->data + l->csize, gap;
        if ((i == 0 && l->hdr != 0) || end > next) {
            rc = zinconsistent(pk, (int64_t)l->hdr, "zip entries overlap or do not start the file");
            goto out;
        }
        gap = next - end;
        if (l->flags & 8 ? gap != 12 && gap != 16 && gap != 20 && gap != 24 : gap != 0) {
            rc = zinconsistent(pk, (int64_t)end, "%llu unaccounted bytes after the data of the entry at offset %llu",
                               (unsigned long long)gap, (unsigned long long)l->hdr);
            goto out;
        }
    }
out:
    free(b);
    return rc;
}

static int zip_pull(struct pickle *pk, fmt_read_fn rd, void *rdctx, const uint8_t *first, size_t first_n)
{
    struct zread z = { rd, rdctx, first, first_n, 0, &pk->total, NULL, 0, 0, NULL, 0, 0 };
    struct archive *a = NULL;
    struct archive_entry *e;
    int rc = 0, r;

    pk->container = C_ZIP;
    pk->started = 1;
    pk->st = W_START;
    z.tail = malloc(2 * TAP_KEEP);
    a = archive_read_new();
    if (!a || !z.tail) {
        rc = WA_ENOMEM;
        goto out;
    }
    archive_read_support_format_zip_streamable(a);
    if (archive_read_open(a, &z, NULL, z_read, NULL) != ARCHIVE_OK) {
        rc = z.rc ? z.rc : zproblem(pk, SEV_ERROR, "zip_invalid", 0, "not a readable zip archive: %s",
                                    archive_error_string(a) ? archive_error_string(a) : "?");
        goto out;
    }
    for (;;) {
        const char *name, *rel;
        int64_t start, hdr;
        uint64_t produced = 0;
        size_t pstart, istart, vlen = 0, nlen;
        int is_pkl, vdone = 0;

        r = archive_read_next_header(a, &e);
        if (z.rc) {
            rc = z.rc;
            goto out;
        }
        if (r == ARCHIVE_EOF)
            break;
        if (r < ARCHIVE_WARN) {
            rc = zproblem(pk, SEV_ERROR, "zip_invalid", archive_filter_bytes(a, 0), "zip entry %zu: %s",
                          pk->zip_entries, archive_error_string(a) ? archive_error_string(a) : "unreadable header");
            goto out;
        }
        if (++pk->zip_entries > PICKLE_MAX_ZIP_ENTRIES) {
            rc = zproblem(pk, SEV_ERROR, "limit_exceeded", archive_read_header_position(a),
                          "the zip has more than %u entries", PICKLE_MAX_ZIP_ENTRIES);
            goto out;
        }
        hdr = archive_read_header_position(a);
        start = archive_filter_bytes(a, 0);
        /* the raw name, as the central directory must repeat it */
        if (!zip_record_local(pk, &z, hdr, start, &rc))
            goto out;
        hdr = (int64_t)pk->zloc[pk->zloc_n - 1].hdr;
        name = pk->zname;
        nlen = strlen(name);
        snprintf(pk->entry_buf, sizeof pk->entry_buf, "%s", name);
        rel = after_prefix(name);
        if (pk->zip_entries == 1 && rel != name) {
            size_t k = (size_t)(rel - 1 - name);
            snprintf(pk->zip_prefix, sizeof pk->zip_prefix, "%.*s", (int)(k < 127 ? k : 127), name);
        }
        /* every entry torch could unpickle: miniz finds "data.pkl" as
         * "DATA.PKL" too, so the suffix is matched without case */
        is_pkl = ends_with_ci(name, nlen, ".pkl") || ends_with_ci(name, nlen, ".debug_pkl");
        if (strcasecmp(rel, "data.pkl") == 0)
            pk->zip_has_data_pkl = 1;
        if (!is_pkl && (strncmp(rel, "code/", 5) == 0 || strstr(rel, "/code/")) && ends_with_n(name, nlen, ".py") &&
            !pk->zip_torchscript++ &&
            (rc = zproblem(pk, SEV_REVIEW, "torchscript_code", hdr,
                           "%s: a TorchScript archive: its code runs when it is loaded with torch.jit.load", pk->entry_buf)))
            goto out;
        pstart = pk->res.problems.n;
        istart = pk->imp_n;
        if (is_pkl) {
            pk->zip_pickles++;
            begin_stream(pk, start, pk->entry_buf, 0);
        } else if (strncmp(rel, "data/", 5) == 0) {
            pk->zip_data++;
        }
        for (;;) {
            const void *buf;
            size_t size;
            la_int64_t off;
            int64_t consumed;
            r = archive_read_data_block(a, &buf, &size, &off);
            if (z.rc) {
                rc = z.rc;
                goto out;
            }
            if (r == ARCHIVE_EOF)
                break;
            if (r < ARCHIVE_WARN) {
                rc = zproblem(pk, SEV_ERROR, "zip_invalid", -1, "%s: %s", pk->entry_buf,
                              archive_error_string(a) ? archive_error_string(a) : "unreadable data");
                goto out;
            }
            produced += size;
            consumed = archive_filter_bytes(a, 0) - start;
            if (consumed >= 0 && produced > (uint64_t)consumed &&
                pk->zip_inflated + (produced - (uint64_t)consumed) > PICKLE_MAX_INFLATE) {
                rc = zproblem(pk, SEV_ERROR, "limit_exceeded", hdr,
                              "%s: the entries inflate more than %llu bytes beyond their stored size (a zip bomb?)",
                              pk->entry_buf, (unsigned long long)PICKLE_MAX_INFLATE);
                goto out;
            }
            if (is_pkl) {
                pk->zip_pkl_bytes += size;
                if (pk->zip_pkl_bytes > PICKLE_MAX_ZIP_PICKLE_BYTES) {
                    rc = zproblem(pk, SEV_ERROR, "limit_exceeded", hdr,
                                  "%s: the .pkl entries hold more than %llu bytes", pk->entry_buf,
                                  (unsigned long long)PICKLE_MAX_ZIP_PICKLE_BYTES);
                    goto out;
                }
                if ((rc = walk(pk, buf, size)))
                    goto out;
            } else if (strcmp(rel, "version") == 0) {
                /* the printable start of the record, across blocks */
                for (size_t i = 0; i < size && !vdone; i++) {
                    char c = ((const char *)buf)[i];
                    if (c < 0x21 || c > 0x7e || vlen == sizeof pk->zip_version - 1)
                        vdone = 1;
                    else
                        pk->zip_version[vlen++] = c;
                }
                pk->zip_version[vlen] = '\0';
            }
        }
        pk->zloc[pk->zloc_n - 1].produced = produced;
        {
            int64_t consumed = archive_filter_bytes(a, 0) - start;
            int stored = consumed >= 0 && (uint64_t)consumed == produced;
            if (!stored && consumed >= 0 && produced > (uint64_t)consumed)
                pk->zip_inflated += produced - (uint64_t)consumed;
            if (is_pkl && (rc = end_stream(pk)))
                goto out;
            if (!stored) {   /* compressed: stream offsets are not file offsets */
                for (size_t i = pstart; i < pk->res.problems.n; i++)
                    pk->res.problems.v[i].offset = -1;
                for (size_t i = istart; i < pk->imp_n; i++)
                    pk->imp[i].offset = -1;
            }
        }
        pk->entry = NULL;
    }
    pk->entry = NULL;
    if ((rc = zip_check_cd(pk, &z, (uint64_t)archive_filter_bytes(a, 0))))
        goto out;
    if (!pk->zip_has_data_pkl)
        rc = zproblem(pk, SEV_ERROR, "data_pkl_missing", -1,
                      "a zip without a data.pkl entry is not a PyTorch checkpoint");
out:
    pk->entry = NULL;
    if (a)
        archive_read_free(a);
    free(z.tail);
    return rc;
}

int pickle_pull(struct pickle *pk, fmt_read_fn rd, void *rdctx)
{
    const uint8_t *p;
    size_t n;
    int rc;

    if ((rc = rd(rdctx, &p, &n)))
        return rc;
    if (n >= 4 && (memcmp(p, "PK\3\4", 4) == 0 || memcmp(p, "PK\5\6", 4) == 0))
        return zip_pull(pk, rd, rdctx, p, n);
    start_file_stream(pk);
    while (n) {
        if ((rc = pickle_feed(pk, p, n)))
            return rc;
        if (!pickle_wants_rest(pk))
            return 0;
        if ((rc = rd(rdctx, &p, &n)))
            return rc;
    }
    return 0;
}

/* ---- finish and facts ---------------------------------------------------- */

static int cmp_imp(const void *a, const void *b)
{
    const struct imp *const *x = a, *const *y = b;

    size_t n = (*x)->plen < (*y)->plen ? (*x)->plen : (*y)->plen;
    int c = memcmp((*x)->path, (*y)->path, n);

    return c ? c : (*x)->plen < (*y)->plen ? -1 : (*x)->plen > (*y)->plen;
}

static int build_facts(struct pickle *pk)
{
    static const char *const containers[] = { "bare", "legacy", "zip" };
    static const char *const verdicts[] = { "allow", "review", "deny" };
    cJSON *facts = cJSON_CreateObject(), *pf, *arr;
    const struct imp **sorted = NULL;

    if (!facts)
        return WA_ENOMEM;
    pf = cJSON_AddObjectToObject(facts, "pickle");
    cJSON_AddStringToObject(pf, "container", containers[pk->container]);
    cJSON_AddNumberToObject(pf, "pickles", pk->pickles);
    jsonout_add_int(pf, "protocol", pk->pickles ? (int64_t)pk->protocol : -1);
    cJSON_AddNumberToObject(pf, "opcodes", (double)pk->total_ops);
    arr = cJSON_AddArrayToObject(pf, "imports");
    if (pk->imp_n) {
        sorted = malloc(pk->imp_n * sizeof *sorted);
        if (!sorted) {
            cJSON_Delete(facts);
            return WA_ENOMEM;
        }
        for (size_t i = 0; i < pk->imp_n; i++)
            sorted[i] = &pk->imp[i];
        qsort(sorted, pk->imp_n, sizeof *sorted, cmp_imp);
        for (size_t i = 0; i < pk->imp_n; i++) {
            cJSON *o = cJSON_CreateObject();
            jsonout_add_strn(o, "name", sorted[i]->path, sorted[i]->plen);   /* a NUL escaped, not cut */
            jsonout_add_int(o, "offset", sorted[i]->offset);
            cJSON_AddBoolToObject(o, "allowed", sorted[i]->verdict == PICKLE_ALLOW);
            cJSON_AddStringToObject(o, "verdict", verdicts[sorted[i]->verdict]);
            cJSON_AddNumberToObject(o, "calls", sorted[i]->calls);
            cJSON_AddNumberToObject(o, "builds", sorted[i]->builds);
            cJSON_AddItemToArray(arr, o);
        }
        free(sorted);
    }
    if (pk->container == C_ZIP) {
        cJSON *z = cJSON_AddObjectToObject(pf, "zip");
        cJSON_AddNumberToObject(z, "entries", (double)pk->zip_entries);
        jsonout_add_str(z, "prefix", pk->zip_prefix[0] ? pk->zip_prefix : NULL);
        cJSON_AddNumberToObject(z, "pickle_entries", (double)pk->zip_pickles);
        cJSON_AddNumberToObject(z, "data_entries", (double)pk->zip_data);
        jsonout_add_str(z, "version", pk->zip_version[0] ? pk->zip_version : NULL);
    } else {
        cJSON_AddNullToObject(pf, "zip");
    }
    if (pk->container == C_LEGACY) {
        cJSON *l = cJSON_AddObjectToObject(pf, "legacy");
        cJSON_AddNumberToObject(l, "data_bytes", (double)pk->data_bytes);
    } else {
        cJSON_AddNullToObject(pf, "legacy");
    }
    cJSON_Delete(pk->res.facts);
    pk->res.facts = facts;
    return 0;
}

int pickle_finish(struct pickle *pk, struct fmt_result *res)
{
    int rc = 0;

    if (pk->container != C_ZIP) {
        start_file_stream(pk);
        rc = end_stream(pk);
    }
    if (!rc && pk->reviews_more)
        rc = problem_add(&pk->res.problems, SEV_REVIEW, "unknown_import", -1,
                         "%u more imports are not on the allow-list (all are listed in the facts)",
                         pk->reviews_more);
    if (!rc)
        rc = build_facts(pk);
    if (rc)
        return rc;
    pk->res.valid = problem_worst(&pk->res.problems) < SEV_ERROR && !pk->invalid;
    fmt_result_free(res);
    *res = pk->res;
    fmt_result_init(&pk->res);
    return WA_OK;
}

/* ---- table entry ------------------------------------------------------- */

static const char *extension(const char *filename)
{
    const char *b, *dot;

    if (!filename)
        return "";
    b = strrchr(filename, '/');
    b = b ? b + 1 : filename;
    dot = strrchr(b, '.');
    return dot ? dot + 1 : "";
}

static int ext_is(const char *ext, const char *const *list)
{
    for (; *list; list++)
        if (strcasecmp(ext, *list) == 0)
            return 1;
    return 0;
}

/* A zip whose first entry is laid out as torch.save writes it. */
static int zip_looks_torch(const uint8_t *head, size_t n)
{
    size_t len;
    const char *name, *rel;
    char buf[256];

    if (n < 30 || memcmp(head, "PK\3\4", 4) != 0)
        return 0;
    len = (size_t)head[26] | (size_t)head[27] << 8;
    if (len == 0 || len >= sizeof buf || 30 + len > n)
        return 0;
    memcpy(buf, head + 30, len);
    buf[len] = '\0';
    name = buf;
    rel = after_prefix(name);
    return ends_with_ci(name, len, ".pkl") || strcmp(rel, "version") == 0 || strcmp(rel, "byteorder") == 0 ||
           strcmp(rel, ".format_version") == 0 || strcmp(rel, ".storage_alignment") == 0 ||
           strncmp(rel, "data/", 5) == 0 || strncmp(rel, ".data/", 6) == 0 || strncmp(rel, "code/", 5) == 0;
}

/* How the first bytes walk as a pickle: 0 not (an error before any import),
 * 1 cleanly (running out is fine) or up to an import before an error (a
 * loader would have run it: bytes after STOP, a bad BINGET after the
 * REDUCE ...), 2 as 1 with a denied import among them. */
static int starts_like_pickle(const uint8_t *head, size_t n)
{
    struct pickle *pk;
    int r = 0, clean;

    if (n == 0 || pickle_new(&pk))
        return 0;
    if (pickle_feed(pk, head, n) == 0) {
        clean = pk->st != W_STOPPED && problem_worst(&pk->res.problems) < SEV_ERROR;
        if (clean || pk->imp_n)
            r = 1;
        for (size_t i = 0; r && i < pk->imp_n; i++)
            if (pk->imp[i].verdict == PICKLE_DENY)
                r = 2;
    }
    pickle_free(pk);
    return r;
}

static int pk_sniff(const uint8_t *head, size_t n, const char *filename)
{
    static const char *const pickle_exts[] = { "pkl", "pickle", "pt", "pth", "ckpt", NULL };
    static const char *const torch_exts[] = { "pt", "pth", "ckpt", "bin", NULL };
    const char *ext = extension(filename);
    int by_name = ext_is(ext, pickle_exts), bin = strcasecmp(ext, "bin") == 0, like;

    if (n >= 4 && memcmp(head, "PK\3\4", 4) == 0) {
        if (zip_looks_torch(head, n))
            return 100;
        return ext_is(ext, torch_exts) ? 60 : 0;
    }
    /* PROTO 2-5 first: a pickle, whatever follows (torch.load and
     * pickle.load run the first pickle before any garbage after it) */
    if (n >= 2 && head[0] == 0x80 && head[1] >= 2 && head[1] <= 5)
        return 100;
    like = starts_like_pickle(head, n);
    /* np.load(allow_pickle=True) unpickles a .npy without the NUMPY magic */
    if ((by_name || bin || strcasecmp(ext, "npy") == 0) && like)
        return 60;
    if (like == 2)
        return 40;   /* any name: a protocol 0/1 stream importing something dangerous */
    return by_name ? 50 : 0;
}

static int pk_open(void **out)
{
    return pickle_new((struct pickle **)out);
}

static int pk_wants_rest(void *st)
{
    return pickle_wants_rest(st);
}

static int pk_skip(void *st, uint64_t n)
{
    return pickle_skip(st, n);
}

static int pk_pull(void *st, fmt_read_fn rd, void *rdctx)
{
    return pickle_pull(st, rd, rdctx);
}

static int pk_finish(void *st, struct fmt_result *res)
{
    return pickle_finish(st, res);
}

static void pk_free(void *st)
{
    pickle_free(st);
}

const struct fmt_ops fmt_pickle = {
    .name = "pickle",
    .format = FORMAT_PICKLE,
    .sniff = pk_sniff,
    .open = pk_open,
    .feed = NULL,
    .wants_rest = pk_wants_rest,
    .skip = pk_skip,
    .pull = pk_pull,
    .finish = pk_finish,
    .free = pk_free,
};
