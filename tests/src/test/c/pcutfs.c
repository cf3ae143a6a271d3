/*
 * pcutfs: a pass-through FUSE file system that can cut the power.
 *
 *   pcutfs BACKING MOUNTPOINT [-s -f ...fuse options]
 *
 * Every operation goes straight to the backing directory, so reads see what was written, as they
 * would through a page cache. Beside that, pcutfs remembers what a real disk would not yet hold:
 *
 *   file data    the size of each file at its last fsync or fdatasync (its durable size), and the old
 *                content of any durable byte overwritten or truncated away since then;
 *   directories  a journal of the entries created, linked, renamed, unlinked or removed since the last
 *                fsync of the directory that holds the new name. An unlinked file is kept as a hard
 *                link in BACKING/.pcut-trash until the power cut, so it can come back.
 *
 * The control file MOUNTPOINT/.pcut (not listed) takes one command per write:
 *
 *   cut drop|torn|garbage SEED  the power cut. From then on every operation fails with EIO. Undoes the
 *                               journal in reverse order, then each file is cut back to its durable
 *                               size (drop), or keeps a random prefix of its unsynced tail (torn), or
 *                               keeps such a prefix whose last up to 4 KiB are random bytes (garbage);
 *                               durable bytes overwritten since are restored. Prints an UNDO line
 *                               per journal entry undone (UNDO-FAILED if that failed), then a CUT line.
 *   fsync-error once|always|off the next fsync (or every one) of a file fails with EIO and makes
 *                               nothing durable. As Linux does, the data it should have written is
 *                               then lost for good: a later fsync that succeeds does not bring it back,
 *                               and after a cut those bytes read as zeros.
 *   write-error enospc|eio|off  every write and fallocate fails with that error
 *   read-error NAME OFF LEN     reads of files named NAME (any directory) that overlap the range fail;
 *                               files opened after the command bypass the kernel's page cache
 *   read-error off
 *   fsync-delay MS              every fsync and fsyncdir first sleeps MS milliseconds
 *
 * Reading the control file returns one status line. The backing directory's own durability is not the
 * subject: pcutfs never fsyncs it, the durable state is the one it models. Run it single-threaded
 * (-s): operations are then applied, journalled and cut in one order.
 *
 * What it does not model: reordering of writes inside the disk, caches that lie about a flush, a file's
 * fsync committing its own directory entry (ext4 does; POSIX does not promise it), and a rename being
 * durable in its source directory only (the target directory's fsync decides).
 */
#define FUSE_USE_VERSION 31
#define _GNU_SOURCE

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fuse.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define CONTROL "/.pcut"
#define TRASH ".pcut-trash"
#define GARBAGE_MAX 4096

/* Durable bytes overwritten since the last fsync, newest first. */
struct saved {
    off_t off;
    size_t len;
    char *bytes;
    struct saved *next;
};

/* Bytes an fsync failed to write: lost for good. */
struct lost {
    off_t off;
    off_t len;
    struct lost *next;
};

/* A file whose content differs from its durable content. */
struct dirty {
    dev_t dev;
    ino_t ino;
    int fd;
    off_t durable_size;
    struct saved *saved;
    struct lost *lost;
    struct dirty *next;
};

enum change { CREATED, MADE_DIR, UNLINKED, REMOVED_DIR, RENAMED };
static const char *const change_name[] = { "created", "made-dir", "unlinked", "removed-dir", "renamed" };

struct entry {
    enum change change;
    ino_t dir;       /* the directory whose fsync makes this durable */
    char *path;      /* the name created or removed; for RENAMED the old name */
    char *path2;     /* RENAMED: the new name */
    char *trash;     /* UNLINKED: the parked file; RENAMED: the replaced target, if any */
    mode_t mode;
    int durable;
};

/* An open file as the kernel sees it. */
struct handle {
    int fd;
    int control;
    char name[NAME_MAX + 1];
};

static int root_fd = -1;
static struct dirty *dirty_files;
static struct entry *journal;
static size_t journal_len, journal_cap;
static long trash_counter;
static int powered_off;
static int fsync_error;      /* 0 off, 1 once, 2 always */
static int write_error;      /* 0 or the errno */
static char read_error_name[NAME_MAX + 1];
static off_t read_error_off, read_error_len;
static long fsync_delay_ms;
static long long faults, fsyncs, fsyncdirs;
static char status_line[512];

static const char *rel(const char *path) {
    return path[1] != '\0' ? path + 1 : ".";
}

static int is_control(const char *path) {
    return path != NULL && strcmp(path, CONTROL) == 0;
}

static char *dup_string(const char *s) {
    char *copy = strdup(s);
    if (copy == NULL) {
        perror("pcutfs: strdup");
        exit(2);
    }
    return copy;
}

static struct handle *handle_of(struct fuse_file_info *fi) {
    return (struct handle *) (uintptr_t) fi->fh;
}

static const char *base_name(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash != NULL ? slash + 1 : path;
}

/* The inode of the directory holding a relative path. */
static ino_t parent_ino(const char *relpath) {
    char parent[PATH_MAX];
    const char *slash = strrchr(relpath, '/');
    if (slash == NULL) {
        strcpy(parent, ".");
    } else {
        size_t n = (size_t) (slash - relpath);
        memcpy(parent, relpath, n);
        parent[n] = '\0';
    }
    struct stat st;
    return fstatat(root_fd, parent, &st, 0) == 0 ? st.st_ino : 0;
}

static void note(enum change change, const char *relpath, const char *relpath2, const char *trash, mode_t mode) {
    if (journal_len == journal_cap) {
        journal_cap = journal_cap == 0 ? 256 : journal_cap * 2;
        journal = realloc(journal, journal_cap * sizeof *journal);
        if (journal == NULL) {
            perror("pcutfs: journal");
            exit(2);
        }
    }
    struct entry *e = &journal[journal_len++];
    e->change = change;
    e->dir = parent_ino(relpath2 != NULL ? relpath2 : relpath);
    e->path = dup_string(relpath);
    e->path2 = relpath2 != NULL ? dup_string(relpath2) : NULL;
    e->trash = trash != NULL ? dup_string(trash) : NULL;
    e->mode = mode;
    e->durable = 0;
}

/* Parks a hard link to relpath in the trash; returns its relative name, or NULL if it is no file. */
static char *park(const char *relpath, char *out, size_t size) {
    struct stat st;
    if (fstatat(root_fd, relpath, &st, AT_SYMLINK_NOFOLLOW) != 0 || S_ISDIR(st.st_mode)) {
        return NULL;
    }
    snprintf(out, size, TRASH "/%ld", ++trash_counter);
    return linkat(root_fd, relpath, root_fd, out, 0) == 0 ? out : NULL;
}

static struct dirty *find_dirty(const struct stat *st) {
    for (struct dirty *d = dirty_files; d != NULL; d = d->next) {
        if (d->ino == st->st_ino && d->dev == st->st_dev) {
            return d;
        }
    }
    return NULL;
}

/* The dirty state of the file open as fd, created with the size it has now if it is clean. */
static struct dirty *dirty_of(int fd) {
    struct stat st;
    if (fstat(fd, &st) != 0) {
        return NULL;
    }
    struct dirty *d = find_dirty(&st);
    if (d != NULL) {
        return d;
    }
    d = calloc(1, sizeof *d);
    if (d == NULL) {
        return NULL;
    }
    d->dev = st.st_dev;
    d->ino = st.st_ino;
    /* a descriptor of our own that can read the old bytes back, whatever the caller opened */
    char self[64];
    snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
    d->fd = open(self, O_RDWR | O_CLOEXEC);
    if (d->fd < 0) {
        free(d);
        return NULL;
    }
    d->durable_size = st.st_size;
    d->next = dirty_files;
    dirty_files = d;
    return d;
}

/* Remembers the durable bytes in [off, off + len) before they change. */
static int save_durable(struct dirty *d, off_t off, off_t len) {
    if (off >= d->durable_size || len <= 0) {
        return 0;
    }
    if (off + len > d->durable_size) {
        len = d->durable_size - off;
    }
    struct saved *s = malloc(sizeof *s);
    char *bytes = malloc((size_t) len);
    if (s == NULL || bytes == NULL) {
        free(s);
        free(bytes);
        return -ENOMEM;
    }
    ssize_t got = pread(d->fd, bytes, (size_t) len, off);
    if (got < 0) {
        free(s);
        free(bytes);
        return -errno;
    }
    s->off = off;
    s->len = (size_t) got;
    s->bytes = bytes;
    s->next = d->saved;
    d->saved = s;
    return 0;
}

static void forget(struct dirty *d) {
    for (struct dirty **p = &dirty_files; *p != NULL; p = &(*p)->next) {
        if (*p == d) {
            *p = d->next;
            break;
        }
    }
    while (d->saved != NULL) {
        struct saved *s = d->saved;
        d->saved = s->next;
        free(s->bytes);
        free(s);
    }
    while (d->lost != NULL) {
        struct lost *l = d->lost;
        d->lost = l->next;
        free(l);
    }
    close(d->fd);
    free(d);
}

static void remove_tree(int at, const char *name) {
    int fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    if (fd < 0) {
        unlinkat(at, name, 0);
        return;
    }
    DIR *dir = fdopendir(fd);
    if (dir != NULL) {
        struct dirent *de;
        while ((de = readdir(dir)) != NULL) {
            if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0) {
                remove_tree(dirfd(dir), de->d_name);
            }
        }
        closedir(dir);
    } else {
        close(fd);
    }
    unlinkat(at, name, AT_REMOVEDIR);
}

static uint64_t rng_state;

static uint64_t next_random(void) {
    /* splitmix64 */
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static void cut(const char *mode, uint64_t seed) {
    int torn = strcmp(mode, "torn") == 0 || strcmp(mode, "garbage") == 0;
    int garbage = strcmp(mode, "garbage") == 0;
    long long undone = 0, dropped = 0, kept_unsynced = 0, garbled = 0, files = 0;
    rng_state = seed;
    powered_off = 1;
    for (size_t i = journal_len; i-- > 0;) {
        struct entry *e = &journal[i];
        if (e->durable) {
            continue;
        }
        undone++;
        printf("UNDO %s %s%s%s%s%s\n", change_name[e->change], e->path, e->path2 != NULL ? " -> " : "",
                e->path2 != NULL ? e->path2 : "", e->trash != NULL ? " trash=" : "", e->trash != NULL ? e->trash : "");
        switch (e->change) {
        case CREATED:
            if (unlinkat(root_fd, e->path, 0) != 0) {
                printf("UNDO-FAILED unlink %s: %s\n", e->path, strerror(errno));
            }
            break;
        case MADE_DIR:
            remove_tree(root_fd, e->path);
            break;
        case UNLINKED:
            if (e->trash != NULL && linkat(root_fd, e->trash, root_fd, e->path, 0) != 0) {
                printf("UNDO-FAILED link %s: %s\n", e->path, strerror(errno));
            }
            break;
        case REMOVED_DIR:
            mkdirat(root_fd, e->path, e->mode);
            break;
        case RENAMED:
            if (renameat(root_fd, e->path2, root_fd, e->path) != 0) {
                printf("UNDO-FAILED rename %s: %s\n", e->path2, strerror(errno));
            }
            if (e->trash != NULL && linkat(root_fd, e->trash, root_fd, e->path2, 0) != 0) {
                printf("UNDO-FAILED link %s: %s\n", e->path2, strerror(errno));
            }
            break;
        }
    }
    while (dirty_files != NULL) {
        struct dirty *d = dirty_files;
        struct stat st;
        if (fstat(d->fd, &st) == 0) {
            off_t keep = d->durable_size;
            files++;
            if (torn && st.st_size > d->durable_size) {
                keep += (off_t) (next_random() % (uint64_t) (st.st_size - d->durable_size + 1));
            }
            if (st.st_size > keep) {
                dropped += st.st_size - keep;
            }
            kept_unsynced += keep - d->durable_size;
            if (garbage && keep > d->durable_size) {
                off_t span = keep - d->durable_size;
                off_t n = 1 + (off_t) (next_random() % (uint64_t) (span < GARBAGE_MAX ? span : GARBAGE_MAX));
                char noise[GARBAGE_MAX];
                for (off_t j = 0; j < n; j++) {
                    noise[j] = (char) next_random();
                }
                if (pwrite(d->fd, noise, (size_t) n, keep - n) == n) {
                    garbled += n;
                }
            }
            if (ftruncate(d->fd, keep) != 0) {
                perror("pcutfs: cut: ftruncate");
            }
            for (struct saved *s = d->saved; s != NULL; s = s->next) {
                if (pwrite(d->fd, s->bytes, s->len, s->off) != (ssize_t) s->len) {
                    perror("pcutfs: cut: restore");
                }
            }
            static const char zeros[65536];
            for (struct lost *l = d->lost; l != NULL; l = l->next) {
                for (off_t at = l->off; at < l->off + l->len && at < keep;) {
                    off_t n = l->off + l->len - at;
                    if (n > (off_t) sizeof zeros) {
                        n = sizeof zeros;
                    }
                    if (at + n > keep) {
                        n = keep - at;
                    }
                    if (pwrite(d->fd, zeros, (size_t) n, at) != n) {
                        break;
                    }
                    at += n;
                }
            }
        }
        forget(d);
    }
    remove_tree(root_fd, TRASH);
    snprintf(status_line, sizeof status_line,
            "CUT mode=%s files=%lld dropped_bytes=%lld kept_unsynced_bytes=%lld garbled_bytes=%lld"
            " entries_undone=%lld faults=%lld\n", mode, files, dropped, kept_unsynced, garbled, undone, faults);
    fputs(status_line, stdout);
    fflush(stdout);
}

static void status(void) {
    long long unsynced = 0, count = 0, pending = 0;
    for (struct dirty *d = dirty_files; d != NULL; d = d->next) {
        struct stat st;
        count++;
        if (fstat(d->fd, &st) == 0 && st.st_size > d->durable_size) {
            unsynced += st.st_size - d->durable_size;
        }
    }
    for (size_t i = 0; i < journal_len; i++) {
        pending += !journal[i].durable;
    }
    snprintf(status_line, sizeof status_line,
            "STATUS powered=%s dirty_files=%lld unsynced_tail_bytes=%lld pending_entries=%lld fsyncs=%lld"
            " fsyncdirs=%lld faults=%lld\n", powered_off ? "off" : "on", count, unsynced, pending, fsyncs,
            fsyncdirs, faults);
}

static int command(const char *text) {
    char word[32] = "", arg[NAME_MAX + 1] = "";
    long long a = 0, b = 0;
    int n = sscanf(text, "%31s %255s %lld %lld", word, arg, &a, &b);
    if (n < 1) {
        return -EINVAL;
    }
    if (strcmp(word, "cut") == 0 && n >= 2
            && (strcmp(arg, "drop") == 0 || strcmp(arg, "torn") == 0 || strcmp(arg, "garbage") == 0)) {
        if (!powered_off) {
            cut(arg, n >= 3 ? (uint64_t) a : 1);
        }
    } else if (strcmp(word, "fsync-error") == 0 && n == 2) {
        fsync_error = strcmp(arg, "once") == 0 ? 1 : strcmp(arg, "always") == 0 ? 2 : 0;
    } else if (strcmp(word, "write-error") == 0 && n == 2) {
        write_error = strcmp(arg, "enospc") == 0 ? ENOSPC : strcmp(arg, "eio") == 0 ? EIO : 0;
    } else if (strcmp(word, "read-error") == 0 && n == 2 && strcmp(arg, "off") == 0) {
        read_error_name[0] = '\0';
    } else if (strcmp(word, "read-error") == 0 && n == 4) {
        strcpy(read_error_name, arg);
        read_error_off = (off_t) a;
        read_error_len = (off_t) b;
    } else if (strcmp(word, "fsync-delay") == 0 && n == 2) {
        fsync_delay_ms = strtol(arg, NULL, 10);
    } else {
        return -EINVAL;
    }
    return 0;
}

static void delay(void) {
    if (fsync_delay_ms > 0) {
        struct timespec t = { fsync_delay_ms / 1000, (fsync_delay_ms % 1000) * 1000000L };
        nanosleep(&t, NULL);
    }
}

#define POWER_CHECK() do { if (powered_off) return -EIO; } while (0)

static void *fs_init(struct fuse_conn_info *conn, struct fuse_config *cfg) {
    (void) conn;
    cfg->use_ino = 1;
    cfg->nullpath_ok = 1;
    cfg->hard_remove = 1;
    cfg->entry_timeout = 0;
    cfg->attr_timeout = 0;
    cfg->negative_timeout = 0;
    cfg->kernel_cache = 0;
    cfg->direct_io = 0;
    return NULL;
}

static int fs_getattr(const char *path, struct stat *st, struct fuse_file_info *fi) {
    if (is_control(path)) {
        memset(st, 0, sizeof *st);
        st->st_mode = S_IFREG | 0600;
        st->st_nlink = 1;
        return 0;
    }
    POWER_CHECK();
    int rc = fi != NULL && !handle_of(fi)->control ? fstat(handle_of(fi)->fd, st)
            : fstatat(root_fd, rel(path), st, AT_SYMLINK_NOFOLLOW);
    return rc == 0 ? 0 : -errno;
}

static int fs_readlink(const char *path, char *buf, size_t size) {
    POWER_CHECK();
    ssize_t n = readlinkat(root_fd, rel(path), buf, size - 1);
    if (n < 0) {
        return -errno;
    }
    buf[n] = '\0';
    return 0;
}

static int fs_opendir(const char *path, struct fuse_file_info *fi) {
    POWER_CHECK();
    int fd = openat(root_fd, rel(path), O_RDONLY | O_DIRECTORY);
    if (fd < 0) {
        return -errno;
    }
    DIR *dir = fdopendir(fd);
    if (dir == NULL) {
        int err = errno;
        close(fd);
        return -err;
    }
    fi->fh = (uint64_t) (uintptr_t) dir;
    return 0;
}

static int fs_readdir(const char *path, void *buf, fuse_fill_dir_t fill, off_t offset,
        struct fuse_file_info *fi, enum fuse_readdir_flags flags) {
    (void) path;
    (void) offset;
    (void) flags;
    POWER_CHECK();
    DIR *dir = (DIR *) (uintptr_t) fi->fh;
    struct stat here, top;
    int root = fstat(dirfd(dir), &here) == 0 && fstat(root_fd, &top) == 0 && here.st_ino == top.st_ino
            && here.st_dev == top.st_dev;
    rewinddir(dir);
    struct dirent *de;
    while ((de = readdir(dir)) != NULL) {
        if (root && strcmp(de->d_name, TRASH) == 0) {
            continue;
        }
        struct stat st;
        memset(&st, 0, sizeof st);
        st.st_ino = de->d_ino;
        st.st_mode = (mode_t) de->d_type << 12;
        if (fill(buf, de->d_name, &st, 0, 0) != 0) {
            break;
        }
    }
    return 0;
}

static int fs_releasedir(const char *path, struct fuse_file_info *fi) {
    (void) path;
    closedir((DIR *) (uintptr_t) fi->fh);
    return 0;
}

static int fs_fsyncdir(const char *path, int datasync, struct fuse_file_info *fi) {
    (void) path;
    (void) datasync;
    POWER_CHECK();
    delay();
    struct stat st;
    if (fstat(dirfd((DIR *) (uintptr_t) fi->fh), &st) != 0) {
        return -errno;
    }
    fsyncdirs++;
    for (size_t i = 0; i < journal_len; i++) {
        if (journal[i].dir == st.st_ino) {
            journal[i].durable = 1;
        }
    }
    return 0;
}

static int fs_mkdir(const char *path, mode_t mode) {
    POWER_CHECK();
    if (mkdirat(root_fd, rel(path), mode) != 0) {
        return -errno;
    }
    note(MADE_DIR, rel(path), NULL, NULL, mode);
    return 0;
}

static int fs_rmdir(const char *path) {
    POWER_CHECK();
    struct stat st;
    mode_t mode = fstatat(root_fd, rel(path), &st, 0) == 0 ? st.st_mode & 07777 : 0700;
    if (unlinkat(root_fd, rel(path), AT_REMOVEDIR) != 0) {
        return -errno;
    }
    note(REMOVED_DIR, rel(path), NULL, NULL, mode);
    return 0;
}

static int fs_unlink(const char *path) {
    POWER_CHECK();
    char parked[64];
    char *trash = park(rel(path), parked, sizeof parked);
    if (unlinkat(root_fd, rel(path), 0) != 0) {
        int err = errno;
        if (trash != NULL) {
            unlinkat(root_fd, trash, 0);
        }
        return -err;
    }
    note(UNLINKED, rel(path), NULL, trash, 0);
    return 0;
}

static int fs_rename(const char *from, const char *to, unsigned int flags) {
    POWER_CHECK();
    if (flags != 0) {
        return -EINVAL;
    }
    char parked[64];
    char *trash = park(rel(to), parked, sizeof parked);
    if (renameat(root_fd, rel(from), root_fd, rel(to)) != 0) {
        int err = errno;
        if (trash != NULL) {
            unlinkat(root_fd, trash, 0);
        }
        return -err;
    }
    note(RENAMED, rel(from), rel(to), trash, 0);
    return 0;
}

static int fs_link(const char *from, const char *to) {
    POWER_CHECK();
    if (linkat(root_fd, rel(from), root_fd, rel(to), 0) != 0) {
        return -errno;
    }
    note(CREATED, rel(to), NULL, NULL, 0);
    return 0;
}

static int fs_symlink(const char *target, const char *path) {
    POWER_CHECK();
    if (symlinkat(target, root_fd, rel(path)) != 0) {
        return -errno;
    }
    note(CREATED, rel(path), NULL, NULL, 0);
    return 0;
}

static int fs_chmod(const char *path, mode_t mode, struct fuse_file_info *fi) {
    POWER_CHECK();
    int rc = fi != NULL ? fchmod(handle_of(fi)->fd, mode) : fchmodat(root_fd, rel(path), mode, 0);
    return rc == 0 ? 0 : -errno;
}

static int fs_chown(const char *path, uid_t uid, gid_t gid, struct fuse_file_info *fi) {
    POWER_CHECK();
    int rc = fi != NULL ? fchown(handle_of(fi)->fd, uid, gid)
            : fchownat(root_fd, rel(path), uid, gid, AT_SYMLINK_NOFOLLOW);
    return rc == 0 ? 0 : -errno;
}

static int fs_truncate(const char *path, off_t size, struct fuse_file_info *fi) {
    if (is_control(path)) {
        return 0;
    }
    POWER_CHECK();
    int fd = fi != NULL ? handle_of(fi)->fd : openat(root_fd, rel(path), O_WRONLY);
    if (fd < 0) {
        return -errno;
    }
    struct dirty *d = dirty_of(fd);
    int rc = d == NULL ? -ENOMEM : save_durable(d, size, d->durable_size - size);
    if (rc == 0 && ftruncate(fd, size) != 0) {
        rc = -errno;
    }
    if (fi == NULL) {
        close(fd);
    }
    return rc;
}

static int fs_utimens(const char *path, const struct timespec tv[2], struct fuse_file_info *fi) {
    POWER_CHECK();
    int rc = fi != NULL ? futimens(handle_of(fi)->fd, tv) : utimensat(root_fd, rel(path), tv, AT_SYMLINK_NOFOLLOW);
    return rc == 0 ? 0 : -errno;
}

static int open_handle(const char *path, int fd, struct fuse_file_info *fi) {
    struct handle *h = calloc(1, sizeof *h);
    if (h == NULL) {
        close(fd);
        return -ENOMEM;
    }
    h->fd = fd;
    snprintf(h->name, sizeof h->name, "%s", base_name(path));
    fi->fh = (uint64_t) (uintptr_t) h;
    return 0;
}

static int fs_create(const char *path, mode_t mode, struct fuse_file_info *fi) {
    POWER_CHECK();
    struct stat st;
    int existed = fstatat(root_fd, rel(path), &st, 0) == 0;
    int fd = openat(root_fd, rel(path), fi->flags | O_CREAT, mode);
    if (fd < 0) {
        return -errno;
    }
    if (!existed) {
        note(CREATED, rel(path), NULL, NULL, mode);
    }
    return open_handle(path, fd, fi);
}

static int fs_open(const char *path, struct fuse_file_info *fi) {
    if (is_control(path)) {
        struct handle *h = calloc(1, sizeof *h);
        if (h == NULL) {
            return -ENOMEM;
        }
        h->fd = -1;
        h->control = 1;
        fi->fh = (uint64_t) (uintptr_t) h;
        fi->direct_io = 1;
        if (!powered_off) {
            status();
        }
        return 0;
    }
    POWER_CHECK();
    int flags = fi->flags;
    if (flags & O_TRUNC) {
        /* the truncation goes through the undo log */
        int probe = openat(root_fd, rel(path), (flags & ~(O_TRUNC | O_CREAT | O_EXCL)));
        if (probe < 0) {
            return -errno;
        }
        struct dirty *d = dirty_of(probe);
        int rc = d == NULL ? -ENOMEM : save_durable(d, 0, d->durable_size);
        close(probe);
        if (rc != 0) {
            return rc;
        }
    }
    int fd = openat(root_fd, rel(path), flags);
    if (fd >= 0 && read_error_name[0] != '\0' && strcmp(base_name(path), read_error_name) == 0) {
        /* past the kernel's page cache, so every read of the failing range reaches pcutfs */
        fi->direct_io = 1;
    }
    return fd < 0 ? -errno : open_handle(path, fd, fi);
}

static int fs_read(const char *path, char *buf, size_t size, off_t off, struct fuse_file_info *fi) {
    (void) path;
    struct handle *h = handle_of(fi);
    if (h->control) {
        size_t len = strlen(status_line);
        if ((size_t) off >= len) {
            return 0;
        }
        size_t n = len - (size_t) off < size ? len - (size_t) off : size;
        memcpy(buf, status_line + off, n);
        return (int) n;
    }
    POWER_CHECK();
    if (read_error_name[0] != '\0' && strcmp(h->name, read_error_name) == 0
            && off < read_error_off + read_error_len && off + (off_t) size > read_error_off) {
        faults++;
        return -EIO;
    }
    ssize_t n = pread(h->fd, buf, size, off);
    return n < 0 ? -errno : (int) n;
}

static int fs_write(const char *path, const char *buf, size_t size, off_t off, struct fuse_file_info *fi) {
    (void) path;
    struct handle *h = handle_of(fi);
    if (h->control) {
        char text[512];
        size_t n = size < sizeof text - 1 ? size : sizeof text - 1;
        memcpy(text, buf, n);
        text[n] = '\0';
        int rc = command(text);
        if (!powered_off) {
            status();
        }
        return rc != 0 ? rc : (int) size;
    }
    POWER_CHECK();
    if (write_error != 0) {
        faults++;
        return -write_error;
    }
    if (fcntl(h->fd, F_GETFL) & O_APPEND) {
        struct stat st;
        if (fstat(h->fd, &st) != 0) {
            return -errno;
        }
        off = st.st_size;
    }
    struct dirty *d = dirty_of(h->fd);
    if (d == NULL) {
        return -ENOMEM;
    }
    int rc = save_durable(d, off, (off_t) size);
    if (rc != 0) {
        return rc;
    }
    ssize_t n = pwrite(h->fd, buf, size, off);
    return n < 0 ? -errno : (int) n;
}

static int fs_statfs(const char *path, struct statvfs *st) {
    (void) path;
    POWER_CHECK();
    return fstatvfs(root_fd, st) == 0 ? 0 : -errno;
}

static int fs_flush(const char *path, struct fuse_file_info *fi) {
    (void) path;
    (void) fi;
    return 0;
}

static int fs_release(const char *path, struct fuse_file_info *fi) {
    (void) path;
    struct handle *h = handle_of(fi);
    if (!h->control) {
        close(h->fd);
    }
    free(h);
    return 0;
}

static int fs_fsync(const char *path, int datasync, struct fuse_file_info *fi) {
    (void) path;
    (void) datasync;
    struct handle *h = handle_of(fi);
    if (h->control) {
        return 0;
    }
    POWER_CHECK();
    delay();
    struct stat st;
    if (fstat(h->fd, &st) != 0) {
        return -errno;
    }
    struct dirty *d = find_dirty(&st);
    if (fsync_error != 0) {
        if (fsync_error == 1) {
            fsync_error = 0;
        }
        faults++;
        if (d != NULL && st.st_size > d->durable_size) {
            struct lost *l = malloc(sizeof *l);
            if (l != NULL) {
                l->off = d->durable_size;
                l->len = st.st_size - d->durable_size;
                l->next = d->lost;
                d->lost = l;
            }
        }
        return -EIO;
    }
    fsyncs++;
    if (d == NULL) {
        return 0;
    }
    if (d->lost != NULL) {
        /* what a failed fsync lost stays lost; everything else is now durable */
        while (d->saved != NULL) {
            struct saved *s = d->saved;
            d->saved = s->next;
            free(s->bytes);
            free(s);
        }
        d->durable_size = st.st_size;
    } else {
        forget(d);
    }
    return 0;
}

static int fs_fallocate(const char *path, int mode, off_t off, off_t len, struct fuse_file_info *fi) {
    (void) path;
    POWER_CHECK();
    if (write_error != 0) {
        faults++;
        return -write_error;
    }
    return fallocate(handle_of(fi)->fd, mode, off, len) == 0 ? 0 : -errno;
}

static const struct fuse_operations operations = {
    .init = fs_init,
    .getattr = fs_getattr,
    .readlink = fs_readlink,
    .opendir = fs_opendir,
    .readdir = fs_readdir,
    .releasedir = fs_releasedir,
    .fsyncdir = fs_fsyncdir,
    .mkdir = fs_mkdir,
    .rmdir = fs_rmdir,
    .unlink = fs_unlink,
    .rename = fs_rename,
    .link = fs_link,
    .symlink = fs_symlink,
    .chmod = fs_chmod,
    .chown = fs_chown,
    .truncate = fs_truncate,
    .utimens = fs_utimens,
    .create = fs_create,
    .open = fs_open,
    .read = fs_read,
    .write = fs_write,
    .statfs = fs_statfs,
    .flush = fs_flush,
    .release = fs_release,
    .fsync = fs_fsync,
    .fallocate = fs_fallocate,
};

int main(int argc, char *argv[]) {
    if (argc < 3) {
        fprintf(stderr, "usage: pcutfs BACKING MOUNTPOINT [fuse options]\n");
        return 2;
    }
    root_fd = open(argv[1], O_RDONLY | O_DIRECTORY);
    if (root_fd < 0) {
        fprintf(stderr, "pcutfs: cannot open the backing directory %s: %s\n", argv[1], strerror(errno));
        return 2;
    }
    remove_tree(root_fd, TRASH);
    if (mkdirat(root_fd, TRASH, 0700) != 0) {
        fprintf(stderr, "pcutfs: cannot create %s/%s: %s\n", argv[1], TRASH, strerror(errno));
        return 2;
    }
    status();
    argv[1] = argv[0];
    return fuse_main(argc - 1, argv + 1, &operations, NULL);
}
