#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "frontend/cli.h"
#include "tests/test.h"

static int parse(cli_options_t *o, char *err, size_t errlen, int argc, char **argv)
{
    /* The XDG config of whoever runs the tests must not leak into them. */
    setenv("XDG_CONFIG_HOME", "/nonexistent-arcana-test", 1);
    cli_defaults(o);
    return cli_parse(o, argc, argv, err, errlen);
}

#define ARGV(...) (char *[]){"arcana", __VA_ARGS__, NULL}
#define ARGC(...) ((int)(sizeof((char *[]){"arcana", __VA_ARGS__}) / sizeof(char *)))
#define PARSE(o, ...) parse(o, err, sizeof err, ARGC(__VA_ARGS__), ARGV(__VA_ARGS__))

static cli_options_t o; /* big; one per test binary is enough */

static const char *write_temp(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/arcana-test-%d.ini", (int)getpid());
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

TEST(cli_parses_machine_and_headless_run)
{
    char err[256];
    CHECK_EQ(PARSE(&o, "--machine", "riscpc", "--headless", "--frames", "100", "--screenshot", "x.png"), CLI_OK);
    CHECK_STR(o.machine.machine, "riscpc");
    CHECK(o.headless);
    CHECK_EQ(o.frames, 100);
    CHECK_STR(o.screenshot, "x.png");
}

TEST(cli_accepts_equals_form)
{
    char err[256];
    CHECK_EQ(PARSE(&o, "--machine=a500", "--seconds=2.5", "--cpu-core=jit"), CLI_OK);
    CHECK_STR(o.machine.machine, "a500");
    CHECK(o.seconds > 2.49 && o.seconds < 2.51);
    CHECK_STR(o.machine.cpu_core, "jit");
}

TEST(cli_rejects_unknown_option)
{
    char err[256] = "";
    CHECK_EQ(PARSE(&o, "--bogus"), CLI_ERROR);
    CHECK(strstr(err, "--bogus") != NULL);
    CHECK(strchr(err, '\n') == NULL);
}

TEST(cli_rejects_bad_numbers)
{
    char err[256] = "";
    CHECK_EQ(PARSE(&o, "--frames", "x"), CLI_ERROR);
    CHECK(strstr(err, "--frames") != NULL);
    CHECK_EQ(PARSE(&o, "--frames", "-3"), CLI_ERROR);
    CHECK_EQ(PARSE(&o, "--frames", "12abc"), CLI_ERROR);
    CHECK_EQ(PARSE(&o, "--seconds", "0"), CLI_ERROR);
    CHECK_EQ(PARSE(&o, "--seconds", "nan"), CLI_ERROR);
    CHECK_EQ(PARSE(&o, "--ram", "1000"), CLI_ERROR);
    CHECK_EQ(PARSE(&o, "--gdb", "70000"), CLI_ERROR);
}

TEST(cli_rejects_bad_choices)
{
    char err[256] = "";
    CHECK_EQ(PARSE(&o, "--machine", "c64"), CLI_ERROR);
    CHECK(strstr(err, "riscpc") != NULL);
    CHECK_EQ(PARSE(&o, "--cpu", "arm2"), CLI_ERROR);
    CHECK_EQ(PARSE(&o, "--cpu-core", "fast"), CLI_ERROR);
    CHECK_EQ(PARSE(&o, "--chipset", "aga"), CLI_ERROR);
    CHECK_EQ(PARSE(&o, "--net", "ethernet"), CLI_ERROR);
    CHECK_EQ(PARSE(&o, "--net", "tap:"), CLI_ERROR);
}

TEST(cli_accepts_every_net_form)
{
    char err[256] = "";
    CHECK_EQ(PARSE(&o, "--net", "slirp"), CLI_OK);
    CHECK_EQ(PARSE(&o, "--net", "slirp,hostfwd=tcp:127.0.0.1:2222-:22"), CLI_OK);
    CHECK_STR(o.machine.net, "slirp,hostfwd=tcp:127.0.0.1:2222-:22");
    CHECK_EQ(PARSE(&o, "--net", "tap:tap0"), CLI_OK);
    CHECK_EQ(PARSE(&o, "--net", "none"), CLI_OK);
}

TEST(cli_missing_value_is_an_error)
{
    char err[256] = "";
    CHECK_EQ(PARSE(&o, "--rom"), CLI_ERROR);
    CHECK(strstr(err, "needs a value") != NULL);
}

TEST(cli_flag_with_value_is_an_error)
{
    char err[256] = "";
    CHECK_EQ(PARSE(&o, "--help=yes"), CLI_ERROR);
}

TEST(cli_unreadable_files_are_errors)
{
    char err[256] = "";
    CHECK_EQ(PARSE(&o, "--rom", "/nonexistent/rom.bin"), CLI_ERROR);
    CHECK(strstr(err, "/nonexistent/rom.bin") != NULL);
    CHECK_EQ(PARSE(&o, "--kernel", "/tmp"), CLI_ERROR);
    CHECK(strstr(err, "folder") != NULL);
    CHECK_EQ(PARSE(&o, "--config", "/nonexistent.ini"), CLI_ERROR);
    CHECK_EQ(PARSE(&o, "/nonexistent/disk.adf"), CLI_ERROR);
}

TEST(cli_split_rom_set_checks_each_part)
{
    char err[256] = "";
    CHECK_EQ(PARSE(&o, "--rom", "/etc/hostname,/nonexistent-part2"), CLI_ERROR);
    CHECK(strstr(err, "nonexistent-part2") != NULL);
    CHECK_EQ(PARSE(&o, "--rom", "/etc/hostname,/etc/hostname"), CLI_OK);
}

TEST(cli_hostfs_read_only_suffix)
{
    char err[256] = "";
    CHECK_EQ(PARSE(&o, "--hostfs", "/tmp:ro"), CLI_OK);
    CHECK_STR(o.machine.hostfs_dir, "/tmp");
    CHECK(o.machine.hostfs_readonly);
    CHECK_EQ(PARSE(&o, "--hostfs", "/tmp"), CLI_OK);
    CHECK(!o.machine.hostfs_readonly);
    CHECK_EQ(PARSE(&o, "--hostfs", "/etc/hostname"), CLI_ERROR);
}

TEST(cli_positional_media_collected)
{
    char err[256] = "";
    CHECK_EQ(PARSE(&o, "/etc/hostname", "--warp", "/etc/passwd"), CLI_OK);
    CHECK_EQ(o.media_count, 2);
    CHECK_STR(o.media[1], "/etc/passwd");
    CHECK(o.machine.warp);
}

TEST(cli_linux_boot_options)
{
    char err[256] = "";
    CHECK_EQ(PARSE(&o, "--kernel", "/etc/hostname", "--initrd", "/etc/passwd", "--append", "console=ttyS0",
                   "--serial", "stdout", "--ram", "32", "--cpu", "sa110"), CLI_OK);
    CHECK_STR(o.machine.append, "console=ttyS0");
    CHECK_STR(o.machine.serial, "stdout");
    CHECK_EQ(o.machine.ram_mb, 32);
    CHECK_STR(o.machine.cpu, "sa110");
}

TEST(config_file_sets_options)
{
    char err[256] = "";
    const char *path = write_temp("# comment\nmachine = riscpc\n[riscpc]\nram = 64\ncpu = \"arm710\"\n"
                                  "[a500]\nchipset = ecs\n[window]\nfullscreen = yes\nwidth = 1024\n");
    CHECK_EQ(PARSE(&o, "--config", (char *)path), CLI_OK);
    CHECK_STR(o.machine.machine, "riscpc");
    CHECK_EQ(o.machine.ram_mb, 64);
    CHECK_STR(o.machine.cpu, "arm710");
    CHECK(o.machine.chipset == NULL); /* [a500] does not apply to the RiscPC */
    CHECK(o.ui.fullscreen);
    CHECK_EQ(o.ui.window_width, 1024);
    unlink(path);
}

TEST(config_cli_overrides_file)
{
    char err[256] = "";
    const char *path = write_temp("[arcana]\nmachine = riscpc\nram = 64\n");
    CHECK_EQ(PARSE(&o, "--ram", "16", "--config", (char *)path), CLI_OK);
    CHECK_EQ(o.machine.ram_mb, 16);
    CHECK_STR(o.machine.machine, "riscpc");
    unlink(path);
}

TEST(config_machine_section_follows_cli_machine)
{
    char err[256] = "";
    const char *path = write_temp("machine = riscpc\n[a500]\nchipset = ecs\n[riscpc]\nram = 8\n");
    CHECK_EQ(PARSE(&o, "--config", (char *)path, "--machine", "a500"), CLI_OK);
    CHECK_STR(o.machine.chipset, "ecs");
    CHECK_EQ(o.machine.ram_mb, 0);
    unlink(path);
}

TEST(config_bad_line_reports_file_and_line)
{
    char err[256] = "", want[128];
    const char *path = write_temp("machine = a500\n\nthis is not a setting\n");
    CHECK_EQ(PARSE(&o, "--config", (char *)path), CLI_ERROR);
    snprintf(want, sizeof want, "%s:3:", path);
    CHECK(strncmp(err, want, strlen(want)) == 0);
    unlink(path);
}

TEST(config_bad_value_reports_file_and_line)
{
    char err[256] = "", want[128];
    const char *path = write_temp("[riscpc]\n[arcana]\nram = lots\n");
    CHECK_EQ(PARSE(&o, "--config", (char *)path), CLI_ERROR);
    snprintf(want, sizeof want, "%s:3: --ram", path);
    CHECK(strncmp(err, want, strlen(want)) == 0);
    unlink(path);
}

TEST(config_net_and_serial_values_report_file_and_line)
{
    char err[256] = "", want[160];
    const char *path = write_temp("[arcana]\nnet = slirp,hostfwd=tcp::99999-:22\n");
    CHECK_EQ(PARSE(&o, "--config", (char *)path), CLI_ERROR);
    snprintf(want, sizeof want, "%s:2: --net: bad hostfwd rule", path);
    CHECK(strncmp(err, want, strlen(want)) == 0);
    path = write_temp("serial = /nonexistent-arcana-dir/log\n");
    CHECK_EQ(PARSE(&o, "--config", (char *)path), CLI_ERROR);
    snprintf(want, sizeof want, "%s:1: --serial: /nonexistent-arcana-dir: no such folder", path);
    CHECK(strncmp(err, want, strlen(want)) == 0);
    unlink(path);
}

TEST(config_control_characters_not_echoed)
{
    char err[256] = "";
    const char *path = write_temp("warp = \033[31mred\n");
    CHECK_EQ(PARSE(&o, "--config", (char *)path), CLI_ERROR);
    CHECK(strstr(err, ":1: control character 0x1b") != NULL);
    for (const char *c = err; *c; c++)
        CHECK((unsigned char)*c >= 0x20);
    unlink(path);
}

TEST(config_unknown_key_and_section)
{
    char err[256] = "";
    const char *path = write_temp("colour = blue\n");
    CHECK_EQ(PARSE(&o, "--config", (char *)path), CLI_ERROR);
    CHECK(strstr(err, ":1: unknown setting 'colour'") != NULL);
    path = write_temp("[c64]\n");
    CHECK_EQ(PARSE(&o, "--config", (char *)path), CLI_ERROR);
    CHECK(strstr(err, ":1: unknown section") != NULL);
    path = write_temp("[riscpc\n");
    CHECK_EQ(PARSE(&o, "--config", (char *)path), CLI_ERROR);
    unlink(path);
}

TEST(config_cli_only_options_refused_in_file)
{
    char err[256] = "";
    const char *path = write_temp("frames = 10\n");
    CHECK_EQ(PARSE(&o, "--config", (char *)path), CLI_ERROR);
    CHECK(strstr(err, ":1:") != NULL);
    unlink(path);
}

TEST(config_from_xdg_home)
{
    char err[256] = "", dir[64], sub[96], file[128];
    snprintf(dir, sizeof dir, "/tmp/arcana-xdg-%d", (int)getpid());
    snprintf(sub, sizeof sub, "%s/arcana", dir);
    snprintf(file, sizeof file, "%s/arcana.ini", sub);
    mkdir(dir, 0700);
    mkdir(sub, 0700);
    FILE *f = fopen(file, "w");
    fputs("cpu = arm610\n", f);
    fclose(f);
    cli_defaults(&o);
    setenv("XDG_CONFIG_HOME", dir, 1);
    char *argv[] = {"arcana", NULL};
    CHECK_EQ(cli_parse(&o, 1, argv, err, sizeof err), CLI_OK);
    CHECK_STR(o.machine.cpu, "arm610");
    unlink(file);
    rmdir(sub);
    rmdir(dir);
}

TEST(cli_help_lists_every_design_option)
{
    static const char *const design[] = {
        "--machine", "--config", "--rom", "--headless", "--frames", "--seconds", "--screenshot", "--warp",
        "--floppy0", "--hd0", "--cdrom", "--hostfs", "--hostfs-boot", "--net", "--audio-out", "--cpu ",
        "--cpu-core", "--ram", "--kernel", "--initrd", "--append", "--serial", "--save-state",
        "--load-state", "--gdb", "--help", NULL};
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    cli_print_help(mem);
    fclose(mem);
    for (int i = 0; design[i]; i++)
        if (!strstr(buf, design[i]))
            test_fail(t, __FILE__, __LINE__, "--help lacks %s", design[i]);
    free(buf);
}
