"""Files that must never be half-written: the one place docgen replaces, publishes and backs up.

* :mod:`.atomic` — :func:`replace_file` (new bytes for an existing file, in one step) and
  :func:`write_new` (a new file that must not replace anything).
* :mod:`.staging` — :class:`Staging`: a batch assembled in an owned hidden folder inside the
  output folder and published whole; what a killed run left is finished or removed.
* :mod:`.cache` — results docgen works out from its own inputs (parsed schemas, prepared
  templates, declined organisation names), kept between runs under a key of everything they
  depend on.
* :mod:`.guard` — :class:`WorkbookGuard`: one rewrite of the user's registry (refused while an
  office suite has it open, locked, re-read, backed up, replaced in one step).

Documents about children are private to their owner (700/600) wherever the OS has such
permissions (POSIX); on Windows the folder's own access rules apply.
"""

from docgen.fsutil.atomic import (
                                 PRIVATE_DIR,
                                 PRIVATE_FILE,
                                 fsync_dir,
                                 remove_temp_copies,
                                 replace_file,
                                 restrict,
                                 write_new,
)
from docgen.fsutil.guard import (
                                 BACKUP_DIR,
                                 KEEP_BACKUPS,
                                 LOCK_TIMEOUT,
                                 WorkbookGuard,
                                 lock_owner,
                                 office_lock_file,
                                 refuse_if_open,
                                 write_backup,
)
from docgen.fsutil.staging import STAGING_PREFIX, Staging, recover_staging

__all__ = [
    "BACKUP_DIR", "KEEP_BACKUPS", "LOCK_TIMEOUT", "PRIVATE_DIR", "PRIVATE_FILE", "STAGING_PREFIX", "Staging",
    "WorkbookGuard", "fsync_dir", "lock_owner", "office_lock_file", "recover_staging", "refuse_if_open",
    "remove_temp_copies", "replace_file", "restrict", "write_backup", "write_new",
]
