| Shared definitions of our AmigaDOS commands (list.s, copy.s): library vector offsets, constants
| and structure offsets from the Amiga ROM Kernel Reference Manual: Includes and Autodocs
| (exec/memory.h, dos/dos.h, dos/dosextens.h, dos/rdargs.h) and the dos.library function
| table (dos_lib.fd: ReadArgs and later are V36 functions, which AROS provides).
|
| The commands are position independent (PC-relative addressing only) so hunkwrap can wrap them
| in a single code hunk without relocations. A command starts at its first byte with the argument
| line in A0 / its length in D0 (we let ReadArgs parse it) and returns its return code in D0.

| exec.library
        .set    _LVOSetSignal, -306
        .set    _LVOAllocMem, -198
        .set    _LVOFreeMem, -210
        .set    _LVOCloseLibrary, -414
        .set    _LVOOpenLibrary, -552
        .set    MEMF_PUBLIC, 0x00001
        .set    MEMF_CLEAR, 0x10000
        .set    SIGBREAKF_CTRL_C, 0x1000

| dos.library
        .set    _LVOOpen, -30
        .set    _LVOClose, -36
        .set    _LVORead, -42
        .set    _LVOWrite, -48
        .set    _LVOOutput, -60
        .set    _LVODeleteFile, -72
        .set    _LVOLock, -84
        .set    _LVOUnLock, -90
        .set    _LVOExamine, -102
        .set    _LVOExNext, -108
        .set    _LVOIoErr, -132
        .set    _LVOSameLock, -420
        .set    _LVOSetIoErr, -462
        .set    _LVOFault, -468
        .set    _LVOReadArgs, -798
        .set    _LVOFreeArgs, -858
        .set    _LVOFilePart, -870
        .set    _LVOAddPart, -882

        .set    MODE_OLDFILE, 1005
        .set    MODE_NEWFILE, 1006
        .set    ACCESS_READ, -2
        .set    LOCK_SAME, 0
        .set    RETURN_OK, 0
        .set    RETURN_WARN, 5
        .set    RETURN_ERROR, 10
        .set    RETURN_FAIL, 20
        .set    ERROR_NO_FREE_STORE, 103
        .set    ERROR_OBJECT_EXISTS, 203
        .set    ERROR_OBJECT_WRONG_TYPE, 212
        .set    ERROR_NO_MORE_ENTRIES, 232
        .set    ERROR_BREAK, 304

| struct FileInfoBlock (dos/dos.h): must be longword aligned; Examine/ExNext give names as
| C strings (V36 dos.library converts the handler's BCPL strings).
        .set    fib_DirEntryType, 4     | > 0 directory, < 0 file
        .set    fib_FileName, 8         | 108 bytes
        .set    fib_Protection, 116
        .set    fib_Size, 124
        .set    fib_Date, 132           | struct DateStamp: days since 1978-01-01, minutes, ticks (1/50 s)
        .set    fib_SIZEOF, 260

| Calls library function \lvo of the base in A6.
        .macro  SYS lvo
        jsr     _LVO\lvo(%a6)
        .endm
