/* The Payments fold's per-row loop in C: metrics/payments_fold.py `PaymentsFold._add_rows` with its
 * sums held as machine integers. That Python loop is the reference: it runs when this module is not
 * built, once the fold turns exact (Decimals), and after anything this loop does not take (`Unfit`);
 * the tests run every Payments fixture both ways. What is the same, step for step:
 *
 * - a row's look-ups first (its head; then each amount cell's value), its additions after, so a row is
 *   added whole or not at all and `where[0]` names the row an exception came from;
 * - a money cell's value is what `Amounts[text]` gives: the digits of a plain `-1,234.56` (exactly the
 *   texts payments_amounts._CENTS matches, in ASCII; anything else, a non-ASCII digit included, is looked
 *   up in the column's dict, whose __missing__ parses it) as cents with two decimal places;
 * - a group's sums, given back by `export()`, are the integers the Python loop adds up: per money sum
 *   (cents << 64) + (cells with two places) + (cells with one place << 32), the quantity, the count.
 *
 * A value that does not fit a machine integer (a cents figure past 2**63, a value that is not an int)
 * raises `Unfit` before any part of its row is added; the fold then exports and goes on in Python.
 * Cents and quantities are summed in 128 bits: 2**63 a row would take 2**64 rows to overflow.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#if !defined(__SIZEOF_INT128__)
#error "a compiler with 128-bit integers is needed; flywheel runs its Python loop without this module"
#endif

#define CELLS 16          /* date, type, sku, description, quantity, marketplace, fulfillment, 9 money */
#define MONEY 9           /* cells 7..15; the last is the total */
#define DIGIT(c) ((c) >= '0' && (c) <= '9') /* ASCII only, as int() is not */
#define SUMS 13           /* the Python loop's list: texts, quantity, 8 amounts, totals <= 0, > 0, count */

/* 128 bits at 8-byte alignment: the sums live in a bytearray's buffer, which promises no more */
__extension__ typedef __int128 wide __attribute__((aligned(8)));

typedef struct {
    wide cents[MONEY + 1];    /* sums 2..11: the 8 amounts, totals <= 0, totals > 0 */
    long long two[MONEY + 1]; /* cells written with two decimal places */
    long long one[MONEY + 1]; /* ... with one */
    wide quantity;            /* 18-digit quantities (the most parse_int takes) add past 2**63 */
    long long count;          /* rows with a total <= 0 */
} Sums;

static PyObject *Unfit;
static PyObject *SIXTY_FOUR, *THIRTY_TWO, *LOW_MASK;

/* dict[key], through the subclass's __missing__ when absent: a new reference, or NULL. */
static PyObject *
lookup(PyObject *dict, PyObject *key)
{
    PyObject *value = PyDict_GetItemWithError(dict, key);
    if (value != NULL) {
        Py_INCREF(value);
        return value;
    }
    if (PyErr_Occurred()) {
        return NULL;
    }
    return PyObject_GetItem(dict, key);
}

/* The cents of a plain amount: `-?(?:[1-9]\d{0,2}(?:,\d{3}){1,4}|\d{1,15})\.\d\d`, ASCII digits. */
static int
plain_cents(PyObject *text, long long *cents)
{
    if (!PyUnicode_IS_ASCII(text)) {
        return 0;
    }
    const char *s = (const char *)PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0;
    int negative = 0;
    if (n > 0 && s[0] == '-') {
        negative = 1;
        i = 1;
    }
    Py_ssize_t end = n - 3; /* where the '.' must be */
    if (end <= i || s[end] != '.' || !DIGIT(s[n - 2]) || !DIGIT(s[n - 1])) {
        return 0;
    }
    Py_ssize_t length = end - i; /* the whole part */
    Py_ssize_t lead = length, commas = 0;
    if (memchr(s + i, ',', (size_t)length) != NULL) {
        /* [1-9]\d{0,2} then 1-4 groups of ,ddd */
        commas = (length - 1) / 4;   /* length = lead + 4 * commas, lead 1..3 */
        lead = length - 4 * commas;
        if (commas > 4 || lead < 1 || lead > 3 || s[i] == '0') {
            return 0;
        }
        for (Py_ssize_t j = i + lead; j < end; j += 4) {
            if (s[j] != ',') {
                return 0;
            }
        }
    }
    else if (length > 15) {
        return 0;
    }
    long long value = 0;
    for (Py_ssize_t j = i; j < end; j++) {
        if (commas && j >= i + lead && (j - i - lead) % 4 == 0) {
            continue; /* a comma, checked above */
        }
        if (!DIGIT(s[j])) {
            return 0;
        }
        value = value * 10 + (s[j] - '0');
    }
    value = value * 100 + (s[n - 2] - '0') * 10 + (s[n - 1] - '0');
    *cents = negative ? -value : value;
    return 1;
}

/* A column's value for `text`: a money column's cents and place flags (`money`), or a quantity (flags
   0). `plain`: the column may read a plain `-1,234.56` itself. 0, or -1 with an exception. */
static int
cell(PyObject *column, PyObject *text, int plain, int money, long long *cents, unsigned long long *flags)
{
    if (plain && PyUnicode_CheckExact(text) && plain_cents(text, cents)) {
        *flags = 1; /* TWO_PLACES */
        return 0;
    }
    PyObject *value = lookup(column, text);
    if (value == NULL) {
        return -1;
    }
    int status = -1;
    if (!PyLong_CheckExact(value)) {
        PyErr_SetString(Unfit, "a value that is not an int");
        goto done;
    }
    int overflow = 0;
    long long small = PyLong_AsLongLongAndOverflow(value, &overflow);
    if (small == -1 && PyErr_Occurred()) {
        goto done;
    }
    if (!money) { /* a quantity: the int itself */
        if (overflow) {
            PyErr_SetString(Unfit, "a quantity past 2**63");
            goto done;
        }
        *cents = small;
        *flags = 0;
        status = 0;
        goto done;
    }
    if (!overflow && small >= 0) { /* no cents, only flags (an empty cell: 0) */
        *cents = 0;
        *flags = (unsigned long long)small;
        status = 0;
        goto done;
    }
    /* (cents << 64) + flags, flags < 2**64 */
    PyObject *high = PyNumber_Rshift(value, SIXTY_FOUR);
    PyObject *low = high ? PyNumber_And(value, LOW_MASK) : NULL;
    if (low != NULL) {
        *cents = PyLong_AsLongLongAndOverflow(high, &overflow);
        if (!(*cents == -1 && PyErr_Occurred())) {
            if (overflow) {
                PyErr_SetString(Unfit, "cents past 2**63");
            }
            else {
                *flags = PyLong_AsUnsignedLongLong(low);
                if (!(*flags == (unsigned long long)-1 && PyErr_Occurred())) {
                    status = 0;
                }
            }
        }
    }
    Py_XDECREF(high);
    Py_XDECREF(low);
done:
    Py_DECREF(value);
    return status;
}

static PyObject *
new_group(PyObject *texts, PyObject *const *cells)
{
    PyObject *parsed = PyObject_CallFunctionObjArgs(texts, cells[1], cells[2], cells[3], cells[5],
                                                    cells[6], NULL);
    if (parsed == NULL) {
        return NULL;
    }
    PyObject *sums = PyByteArray_FromStringAndSize(NULL, sizeof(Sums));
    if (sums == NULL) {
        Py_DECREF(parsed);
        return NULL;
    }
    memset(PyByteArray_AS_STRING(sums), 0, sizeof(Sums));
    PyObject *group = PyList_New(2);
    if (group == NULL) {
        Py_DECREF(parsed);
        Py_DECREF(sums);
        return NULL;
    }
    PyList_SET_ITEM(group, 0, parsed);
    PyList_SET_ITEM(group, 1, sums);
    return group;
}

static Sums *
sums_of(PyObject *group)
{
    if (!PyList_CheckExact(group) || PyList_GET_SIZE(group) != 2) {
        return NULL;
    }
    PyObject *sums = PyList_GET_ITEM(group, 1);
    if (!PyByteArray_CheckExact(sums) || PyByteArray_GET_SIZE(sums) != (Py_ssize_t)sizeof(Sums)) {
        return NULL;
    }
    return (Sums *)PyByteArray_AS_STRING(sums);
}

/* One row: its look-ups first, then its additions. 0: added or skipped; -1: an exception. */
static int
add_row(PyObject *row, PyObject *groups, PyObject *heads, PyObject *outside, PyObject *const *columns,
        const int *plain, PyObject *texts)
{
    if (!PyTuple_Check(row) || PyTuple_GET_SIZE(row) != CELLS) {
        PyErr_Format(PyExc_ValueError, "a row of %zd cells, not %d",
                     PyTuple_Check(row) ? PyTuple_GET_SIZE(row) : (Py_ssize_t)-1, CELLS);
        return -1;
    }
    PyObject *const *cells = &PyTuple_GET_ITEM(row, 0);
    PyObject *head = lookup(heads, cells[0]);
    if (head == NULL) {
        return -1;
    }
    if (head == outside) {
        Py_DECREF(head);
        return 0;
    }
    long long cents[MONEY + 1];
    unsigned long long flags[MONEY + 1];
    PyObject *key = NULL, *group = NULL;
    int status = -1;
    /* index 0: quantity (cell 4); 1..9: the money cells 7..15 */
    for (int i = 0; i <= MONEY; i++) {
        if (cell(columns[i], cells[i == 0 ? 4 : i + 6], plain[i], i != 0, &cents[i], &flags[i]) < 0) {
            goto done;
        }
    }
    key = PyTuple_Pack(6, head, cells[1], cells[2], cells[3], cells[5], cells[6]);
    if (key == NULL) {
        goto done;
    }
    group = PyDict_GetItemWithError(groups, key);
    if (group != NULL) {
        Py_INCREF(group);
    }
    else {
        if (PyErr_Occurred()) {
            goto done;
        }
        group = new_group(texts, cells);
        if (group == NULL || PyDict_SetItem(groups, key, group) < 0) {
            goto done;
        }
    }
    Sums *sums = sums_of(group);
    if (sums == NULL) {
        PyErr_SetString(Unfit, "a group not made by this loop");
        goto done;
    }
    sums->quantity += cents[0];
    for (int i = 1; i < MONEY; i++) { /* the eight amounts before the total */
        sums->cents[i - 1] += cents[i];
        sums->two[i - 1] += (long long)(flags[i] & 0xffffffffULL);
        sums->one[i - 1] += (long long)(flags[i] >> 32);
    }
    int slot = cents[MONEY] > 0 ? MONEY : MONEY - 1; /* a total more than 0, or not */
    sums->cents[slot] += cents[MONEY];
    sums->two[slot] += (long long)(flags[MONEY] & 0xffffffffULL);
    sums->one[slot] += (long long)(flags[MONEY] >> 32);
    if (slot == MONEY - 1) {
        sums->count++;
    }
    status = 0;
done:
    Py_XDECREF(key);
    Py_XDECREF(group);
    Py_DECREF(head);
    return status;
}

static PyObject *
add_rows(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 8) {
        PyErr_SetString(PyExc_TypeError, "add_rows(rows, groups, heads, outside, columns, plain, texts, where)");
        return NULL;
    }
    PyObject *rows = args[0], *groups = args[1], *heads = args[2], *outside = args[3];
    PyObject *columns = args[4], *plain_flags = args[5], *texts = args[6], *where = args[7];
    if (!PyList_Check(rows) || !PyDict_CheckExact(groups) || !PyDict_Check(heads) ||
        !PyTuple_Check(columns) || PyTuple_GET_SIZE(columns) != MONEY + 1 || !PyTuple_Check(plain_flags) ||
        PyTuple_GET_SIZE(plain_flags) != MONEY + 1 || !PyList_Check(where) || PyList_GET_SIZE(where) < 1) {
        PyErr_SetString(PyExc_TypeError, "add_rows: arguments of the wrong types");
        return NULL;
    }
    int plain[MONEY + 1];
    for (Py_ssize_t i = 0; i <= MONEY; i++) {
        if (!PyDict_Check(PyTuple_GET_ITEM(columns, i))) {
            PyErr_SetString(PyExc_TypeError, "add_rows: a column is not a dict");
            return NULL;
        }
        plain[i] = PyObject_IsTrue(PyTuple_GET_ITEM(plain_flags, i));
        if (plain[i] < 0) {
            return NULL;
        }
    }
    plain[0] = 0; /* the quantity is a count, never cents */
    PyObject *const *column = &PyTuple_GET_ITEM(columns, 0);
    for (Py_ssize_t index = 0; index < PyList_GET_SIZE(rows); index++) {
        PyObject *row = PyList_GET_ITEM(rows, index);
        Py_INCREF(row);
        int status = add_row(row, groups, heads, outside, column, plain, texts);
        Py_DECREF(row);
        if (status < 0) { /* where[0] = index, the exception kept as it is */
#if PY_VERSION_HEX >= 0x030C0000
            PyObject *raised = PyErr_GetRaisedException();
#else
            PyObject *type, *value, *traceback;
            PyErr_Fetch(&type, &value, &traceback);
#endif
            PyObject *at = PyLong_FromSsize_t(index);
            if (at != NULL) {
                PyList_SetItem(where, 0, at);
            }
            else {
                PyErr_Clear(); /* no memory for the index: the row's own exception matters more */
            }
#if PY_VERSION_HEX >= 0x030C0000
            PyErr_SetRaisedException(raised);
#else
            PyErr_Restore(type, value, traceback);
#endif
            return NULL;
        }
    }
    Py_RETURN_NONE;
}

static PyObject *
int128(wide value)
{
    long long high = (long long)(value >> 64);
    unsigned long long low = (unsigned long long)value;
    if ((high == 0 && low <= (unsigned long long)LLONG_MAX) || (high == -1 && low > (unsigned long long)LLONG_MAX)) {
        return PyLong_FromLongLong((long long)value);
    }
    PyObject *top = PyLong_FromLongLong(high), *bottom = PyLong_FromUnsignedLongLong(low);
    PyObject *shifted = top && bottom ? PyNumber_Lshift(top, SIXTY_FOUR) : NULL;
    PyObject *result = shifted ? PyNumber_Or(shifted, bottom) : NULL;
    Py_XDECREF(top);
    Py_XDECREF(bottom);
    Py_XDECREF(shifted);
    return result;
}

/* (cents << 64) + two + (one << 32): the Python loop's encoded sum */
static PyObject *
encoded(wide cents, long long two, long long one)
{
    PyObject *value = int128(cents);
    PyObject *shifted = value ? PyNumber_Lshift(value, SIXTY_FOUR) : NULL;
    Py_XDECREF(value);
    if (shifted == NULL) {
        return NULL;
    }
    if (two == 0 && one == 0) {
        return shifted;
    }
    PyObject *counts = PyLong_FromLongLong(one), *high = NULL, *flags = NULL, *result = NULL;
    high = counts ? PyNumber_Lshift(counts, THIRTY_TWO) : NULL;
    PyObject *twos = high ? PyLong_FromLongLong(two) : NULL;
    flags = twos ? PyNumber_Add(high, twos) : NULL;
    result = flags ? PyNumber_Add(shifted, flags) : NULL;
    Py_XDECREF(counts);
    Py_XDECREF(high);
    Py_XDECREF(twos);
    Py_XDECREF(flags);
    Py_DECREF(shifted);
    return result;
}

/* Every group this loop made, turned into the Python loop's list of 13 sums, in place. */
static PyObject *
export(PyObject *Py_UNUSED(module), PyObject *groups)
{
    if (!PyDict_CheckExact(groups)) {
        PyErr_SetString(PyExc_TypeError, "export(groups): a dict");
        return NULL;
    }
    Py_ssize_t position = 0;
    PyObject *key, *group;
    while (PyDict_Next(groups, &position, &key, &group)) {
        Sums *sums = sums_of(group);
        if (sums == NULL) {
            continue; /* already the Python loop's */
        }
        PyObject *list = PyList_New(SUMS);
        if (list == NULL) {
            return NULL;
        }
        PyObject *texts = PyList_GET_ITEM(group, 0);
        Py_INCREF(texts);
        PyList_SET_ITEM(list, 0, texts);
        PyObject *quantity = int128(sums->quantity);
        PyObject *count = PyLong_FromLongLong(sums->count);
        if (quantity == NULL || count == NULL) {
            Py_XDECREF(quantity);
            Py_XDECREF(count);
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, 1, quantity);
        PyList_SET_ITEM(list, 12, count);
        for (int i = 0; i <= MONEY; i++) {
            PyObject *value = encoded(sums->cents[i], sums->two[i], sums->one[i]);
            if (value == NULL) {
                Py_DECREF(list); /* unset items are NULL: list_dealloc skips them */
                return NULL;
            }
            PyList_SET_ITEM(list, i + 2, value);
        }
        /* replacing the value of a key already there does not resize the dict: PyDict_Next goes on */
        int status = PyDict_SetItem(groups, key, list);
        Py_DECREF(list);
        if (status < 0) {
            return NULL;
        }
    }
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"add_rows", (PyCFunction)(void (*)(void))add_rows, METH_FASTCALL,
     "Add rows of Payments cells to their groups (metrics/payments_fold.py _add_rows)."},
    {"export", export, METH_O, "Turn the groups this loop made into the Python loop's sums."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_addrows",
    "The Payments fold's per-row loop in C (metrics/payments_fold.py is the reference).", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__addrows(void)
{
    PyObject *self = PyModule_Create(&module);
    if (self == NULL) {
        return NULL;
    }
    SIXTY_FOUR = PyLong_FromLong(64);
    THIRTY_TWO = PyLong_FromLong(32);
    LOW_MASK = PyLong_FromUnsignedLongLong(~0ULL);
    Unfit = PyErr_NewException("flywheel_cli.metrics._addrows.Unfit", NULL, NULL);
    if (SIXTY_FOUR == NULL || THIRTY_TWO == NULL || LOW_MASK == NULL || Unfit == NULL ||
        PyModule_AddObjectRef(self, "Unfit", Unfit) < 0) {
        Py_DECREF(self);
        return NULL;
    }
    return self;
}
