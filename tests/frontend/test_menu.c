/* The F12 menu's model (frontend/menu.h): main menu items from the view, the browser (folders
 * first, image types only, type-ahead, Backspace up to the folder left, zip members), settings
 * cycling, greyed items never chosen. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "frontend/menu.h"
#include "tests/test.h"

static menu_t menu; /* large: one for the binary */

static void touch(const char *dir, const char *name)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    if (f)
        fclose(f);
}

static int find(const menu_t *m, const char *text)
{
    for (int i = 0; i < m->count; i++)
        if (!strcmp(m->items[i].text, text))
            return i;
    return -1;
}

static menu_view_t view(void)
{
    menu_view_t v = {.drives = 2, .volume = 100, .states = false, .image_exts = ".adf.adz"};
    snprintf(v.no_states, sizeof v.no_states, "the a500 has no save states yet");
    return v;
}

TEST(menu_main_items_follow_the_view)
{
    menu_view_t v = view();
    menu_settings_t s = {0};
    menu_init(&menu, "/");
    menu_open(&menu, &v, &s);
    CHECK(menu.open);
    CHECK_EQ(find(&menu, "DF0: (empty) - insert a disk..."), 0);
    int save = find(&menu, "Save state (the a500 has no save states yet)");
    REQUIRE(save >= 0);
    CHECK(menu.items[save].disabled);
    CHECK(menu.items[find(&menu, "Eject DF0")].disabled);
    /* A greyed item is skipped by type-ahead and does nothing when chosen. */
    menu_char(&menu, 's');
    CHECK_EQ(menu.cursor, find(&menu, "Screenshot"));
    menu.cursor = save;
    CHECK_EQ(menu_key(&menu, MENU_KEY_ENTER).action, MENU_NONE);
    CHECK_EQ(menu.page, MENU_PAGE_MAIN);
    /* Volume moves in steps of 10 within 0..100. */
    menu.cursor = find(&menu, "Volume: 100% (Left/Right)");
    menu_result_t r = menu_key(&menu, MENU_KEY_RIGHT);
    CHECK_EQ(r.action, MENU_VOLUME);
    CHECK_EQ(r.value, 100);
    r = menu_key(&menu, MENU_KEY_LEFT);
    CHECK_EQ(r.value, 90);
    CHECK_EQ(menu_key(&menu, MENU_KEY_ESCAPE).action, MENU_CLOSE);
}

TEST(menu_browser_folders_images_typeahead_and_back)
{
    char dir[] = "/tmp/arcana-menu-XXXXXX", sub[300];
    REQUIRE(mkdtemp(dir) != NULL);
    snprintf(sub, sizeof sub, "%s/Games", dir);
    mkdir(sub, 0755);
    touch(dir, "b.adf");
    touch(dir, "A.adz");
    touch(dir, "c.adf.gz");
    touch(dir, "notes.txt");
    touch(sub, "inner.adf");
    menu_view_t v = view();
    menu_settings_t s = {0};
    menu_init(&menu, dir);
    menu_open(&menu, &v, &s);
    CHECK_EQ(menu_key(&menu, MENU_KEY_ENTER).action, MENU_NONE); /* DF0: opens the browser */
    REQUIRE(menu.page == MENU_PAGE_BROWSE);
    CHECK_EQ(menu.count, 5); /* ../ Games/ A.adz b.adf c.adf.gz: no .txt */
    CHECK(!strcmp(menu.items[0].text, "../"));
    CHECK(!strcmp(menu.items[1].text, "Games/"));
    CHECK(!strcmp(menu.items[2].text, "A.adz"));
    CHECK(!strcmp(menu.items[4].text, "c.adf.gz"));
    menu_char(&menu, 'g');
    CHECK_EQ(menu.cursor, 1);
    menu_key(&menu, MENU_KEY_ENTER);
    CHECK(strstr(menu.dir, "/Games") != NULL);
    CHECK_EQ(menu.count, 2);
    menu_key(&menu, MENU_KEY_BACK); /* up, landing on the folder just left */
    CHECK(strstr(menu.dir, "/Games") == NULL);
    CHECK_EQ(menu.cursor, 1);
    menu_char(&menu, 'b');
    menu_result_t r = menu_key(&menu, MENU_KEY_ENTER);
    CHECK_EQ(r.action, MENU_INSERT);
    CHECK_EQ(r.drive, 0);
    CHECK(strstr(r.path, "/b.adf") != NULL);
    CHECK(!r.member[0]);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK_EQ(system(cmd), 0);
}

TEST(menu_settings_cycle_and_apply)
{
    menu_view_t v = view();
    menu_settings_t s = {.ram_mb = 3, .ram_choices = {1, 2, 3, 5, 9}, .ram_count = 5, .chipset = "ocs",
                         .chipset_choices = {"ocs", "ecs"}, .chipset_count = 2, .takes_net = true};
    menu_init(&menu, "/");
    menu_open(&menu, &v, &s);
    menu_char(&menu, 'm');
    menu_key(&menu, MENU_KEY_ENTER);
    REQUIRE(menu.page == MENU_PAGE_SETTINGS);
    CHECK(!strcmp(menu.items[0].text, "RAM: 3 MB"));
    menu_key(&menu, MENU_KEY_RIGHT);
    menu_key(&menu, MENU_KEY_RIGHT);
    CHECK_EQ(menu.set.ram_mb, 9);
    menu_key(&menu, MENU_KEY_RIGHT); /* wraps */
    CHECK_EQ(menu.set.ram_mb, 1);
    menu_key(&menu, MENU_KEY_DOWN);
    menu_key(&menu, MENU_KEY_ENTER);
    CHECK(!strcmp(menu.set.chipset, "ecs"));
    menu_char(&menu, 'a');
    CHECK_EQ(menu_key(&menu, MENU_KEY_ENTER).action, MENU_APPLY);
    CHECK(menu_is_image("disk.ADF", ".adf"));
    CHECK(menu_is_image("disk.adf.gz", ".adf"));
    CHECK(!menu_is_image("disk.gz", ".adf"));
    CHECK(!menu_is_image("adf", ".adf"));
}
