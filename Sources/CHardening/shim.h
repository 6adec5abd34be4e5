// Process hardening the kameng executable applies at start. prctl is variadic, which Swift cannot
// call, hence this small inline wrapper.
#ifndef KAMENG_HARDENING_H
#define KAMENG_HARDENING_H
#include <sys/prctl.h>
#include <sys/resource.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

/// No core dump may carry the unwrapped data key or an opened card key to disk, and no other process
/// of the same user may ptrace this one. Returns 0 when both took effect.
static inline int kameng_disable_core_dumps(void) {
    struct rlimit none = { 0, 0 };
    int limit = setrlimit(RLIMIT_CORE, &none);
    int dumpable = prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    return (limit == 0 && dumpable == 0) ? 0 : -1;
}

/// While `kameng orders show --reveal` shows keys on the alternate screen: SIGINT, SIGTERM or SIGHUP
/// (Ctrl-C, kill, an SSH drop) must not leave them on the screen. The handler uses only write(2) and
/// _exit(2), both async-signal-safe: clear the screen and its scrollback, leave the alternate screen,
/// reset attributes, then exit 128+signal. The bytes are a literal, so nothing is prepared at arm time.
static void kameng_reveal_interrupted(int signal) {
    static const char restore[] = "\033[2J\033[3J\033[?1049l\033[0m\r\nKeys hidden (interrupted).\r\n";
    ssize_t ignored = write(STDOUT_FILENO, restore, sizeof restore - 1);
    (void)ignored;
    _exit(128 + signal);
}

/// Arms (1) or disarms (0) the reveal handler for SIGINT, SIGTERM and SIGHUP. Returns 0 on success.
static inline int kameng_reveal_guard(int arm) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = arm ? kameng_reveal_interrupted : SIG_DFL;
    sigemptyset(&action.sa_mask);
    int failed = 0;
    failed |= sigaction(SIGINT, &action, NULL);
    failed |= sigaction(SIGTERM, &action, NULL);
    failed |= sigaction(SIGHUP, &action, NULL);
    return failed ? -1 : 0;
}
#endif
