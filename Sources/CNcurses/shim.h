// The C surface Kameng needs from ncurses. Swift cannot import function-like macros, and in Swift 6
// language mode the mutable global `stdscr` is an error, so both are reached through inline wrappers.
#ifndef KAMENG_CNCURSES_SHIM_H
#define KAMENG_CNCURSES_SHIM_H

// Without this the wide-character API (wget_wch, mvwadd_wchnstr, setcchar, cchar_t) is not declared.
#define _XOPEN_SOURCE_EXTENDED 1
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <stdio.h>
#include <strings.h>
#include <string.h>
#include <signal.h>
#include <ncursesw/curses.h>

static inline WINDOW *kameng_stdscr(void) { return stdscr; }
static inline WINDOW *kameng_curscr(void) { return curscr; }
// Glibc's stdin/stdout are mutable globals, which Swift 6 refuses to read.
static inline FILE *kameng_stdout(void) { return stdout; }
static inline FILE *kameng_stdin(void) { return stdin; }
static inline int kameng_colors(void) { return COLORS; }
static inline int kameng_color_pairs(void) { return COLOR_PAIRS; }

static inline int kameng_rows(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)x; return y; }
static inline int kameng_cols(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)y; return x; }

static inline attr_t kameng_a_normal(void) { return A_NORMAL; }
static inline attr_t kameng_a_bold(void) { return A_BOLD; }
static inline attr_t kameng_a_reverse(void) { return A_REVERSE; }
static inline attr_t kameng_a_underline(void) { return A_UNDERLINE; }

static inline int kameng_err(void) { return ERR; }
static inline int kameng_ok(void) { return OK; }
static inline int kameng_key_code_yes(void) { return KEY_CODE_YES; }

static inline int kameng_key_up(void) { return KEY_UP; }
static inline int kameng_key_down(void) { return KEY_DOWN; }
static inline int kameng_key_left(void) { return KEY_LEFT; }
static inline int kameng_key_right(void) { return KEY_RIGHT; }
static inline int kameng_key_home(void) { return KEY_HOME; }
static inline int kameng_key_end(void) { return KEY_END; }
static inline int kameng_key_ppage(void) { return KEY_PPAGE; }
static inline int kameng_key_npage(void) { return KEY_NPAGE; }
static inline int kameng_key_enter(void) { return KEY_ENTER; }
static inline int kameng_key_backspace(void) { return KEY_BACKSPACE; }
static inline int kameng_key_dc(void) { return KEY_DC; }
static inline int kameng_key_ic(void) { return KEY_IC; }
static inline int kameng_key_btab(void) { return KEY_BTAB; }
static inline int kameng_key_resize(void) { return KEY_RESIZE; }
static inline int kameng_key_f0(void) { return KEY_F0; }
// Some terminfo entries (xterm's) send these for Home/End on the keypad.
static inline int kameng_key_a1(void) { return KEY_A1; }
static inline int kameng_key_c1(void) { return KEY_C1; }
static inline int kameng_key_find(void) { return KEY_FIND; }
static inline int kameng_key_select(void) { return KEY_SELECT; }

// glibc's wcwidth, the same one ncurses uses to lay out cells.
static inline int kameng_wcwidth(wchar_t c) { return wcwidth(c); }

// Fills one cchar_t from up to CCHARW_MAX-1 wide characters (a spacing character plus combining marks).
// The pair goes through the opts pointer as an int so extended pair numbers (> 255) survive.
static inline int kameng_setcchar(cchar_t *cell, const wchar_t *text, attr_t attrs, int pair) {
    return setcchar(cell, text, attrs, (short)(pair > 32767 ? 0 : pair), &pair);
}
static inline int kameng_ccharw_max(void) { return CCHARW_MAX; }

static inline int kameng_codeset_is_utf8(void) {
    const char *cs = nl_langinfo(CODESET);
    return cs != NULL && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}

// Installs `handler` for `sig` WITHOUT SA_RESTART, so a blocking read returns EINTR and the input loop
// notices the flag; `previous` (may be NULL) receives the old action so it can be restored later.
static inline int kameng_install_signal(int sig, void (*handler)(int), struct sigaction *previous) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    return sigaction(sig, &action, previous);
}
static inline int kameng_restore_signal(int sig, const struct sigaction *previous) {
    return sigaction(sig, previous, NULL);
}

#endif
