#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <ncursesw/curses.h>

/* Attribute values are function-like macros Swift cannot import. */
static inline int cncursesw_attr_normal(void) { return (int)A_NORMAL; }
static inline int cncursesw_attr_reverse(void) { return (int)A_REVERSE; }
static inline int cncursesw_attr_bold(void) { return (int)A_BOLD; }
static inline int cncursesw_attr_dim(void) { return (int)A_DIM; }
/* Sets the attributes of a window (wattrset may be a macro). */
static inline int cncursesw_set_attributes(WINDOW *win, int attributes) { return wattrset(win, attributes); }
/* The terminal's sequence that sets its scroll region to rows top..bottom (0-based), or
 * NULL where it has no `csr`. (tiparm is variadic; putp would write it to stdout, not to
 * the screen's terminal.) */
static inline const char *cncursesw_scroll_region(int top, int bottom) {
    char *csr = tigetstr("csr");
    if (csr == NULL || csr == (char *)-1) return NULL;
    return tiparm(csr, top, bottom);
}
