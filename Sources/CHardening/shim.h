// Process hardening the kameng executable applies at start. prctl is variadic, which Swift cannot
// call, hence this small inline wrapper.
#ifndef KAMENG_HARDENING_H
#define KAMENG_HARDENING_H
#include <sys/prctl.h>
#include <sys/resource.h>

/// No core dump may carry the unwrapped data key or an opened card key to disk, and no other process
/// of the same user may ptrace this one. Returns 0 when both took effect.
static inline int kameng_disable_core_dumps(void) {
    struct rlimit none = { 0, 0 };
    int limit = setrlimit(RLIMIT_CORE, &none);
    int dumpable = prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    return (limit == 0 && dumpable == 0) ? 0 : -1;
}
#endif
