/* SPDX-License-Identifier: MIT */
/*
 * PID 1 of the efivar test initrd (efivar_test.sh): Linux's efivarfs and
 * Debian's efibootmgr create, change and delete UEFI variables, and the
 * next boot of the same vars.fd checks what survived. The kernel command
 * line says which boot this is: efivar_phase=1, 2 or 3.
 *   1: EfiliteTest="one", EfiliteGone="x", Boot0007 and Boot0003 (load options
 *      written through efivarfs); efibootmgr -t 7; efibootmgr -o 0007,0003
 *   2: prints them (efibootmgr lists its variables); EfiliteTest="two",
 *      EfiliteGone deleted; efibootmgr -t 3; efibootmgr -b 0003 -B (deletes
 *      Boot0003 and takes it out of BootOrder); efibootmgr -n 0007 (BootNext)
 *   3: prints them
 * Each variable is printed as "EFIVAR: Name=value" or "EFIVAR: Name absent";
 * efibootmgr prints its own lines. Ends with "EFIVAR: done" and a power-off.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define EFIVARS "/sys/firmware/efi/efivars/"
#define TEST_GUID "8b6e1a5e-4c1f-4d8a-9b0e-6f2c5d3a7e91"
#define GLOBAL_GUID "8be4df61-93ca-11d2-aa0d-00e098032b8c"
#define NV_BS_RT "\x07\x00\x00\x00"

static void say(const char *fmt, const char *a, const char *b)
{
	printf("EFIVAR: ");
	printf(fmt, a, b);
	printf("\n");
	fflush(stdout);
}

static void setup(void)
{
	int fd;

	mkdir("/proc", 0755);
	mkdir("/sys", 0755);
	mkdir("/dev", 0755);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	fd = open("/efivarfs.ko", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (syscall(SYS_finit_module, fd, "", 0) < 0 && errno != EEXIST)
			say("error: efivarfs.ko: %s%s", strerror(errno), "");
		close(fd);
	}
	if (mount("efivarfs", EFIVARS, "efivarfs", 0, NULL) < 0)
		say("error: mount efivarfs: %s%s", strerror(errno), "");
}

static int phase(void)
{
	char line[4096] = "";
	FILE *f = fopen("/proc/cmdline", "r");
	const char *p;

	if (f) {
		if (!fgets(line, sizeof(line), f))
			line[0] = 0;
		fclose(f);
	}
	p = strstr(line, "efivar_phase=");
	return p ? atoi(p + strlen("efivar_phase=")) : 0;
}

/* efivarfs makes variable files immutable; writes and unlinks need that cleared. */
static void mutable(const char *path)
{
	int fd = open(path, O_RDONLY), flags = 0;

	if (fd < 0)
		return;
	if (ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0) {
		flags &= ~FS_IMMUTABLE_FL;
		ioctl(fd, FS_IOC_SETFLAGS, &flags);
	}
	close(fd);
}

static void path_of(char *path, size_t size, const char *name)
{
	snprintf(path, size, EFIVARS "%s-" TEST_GUID, name);
}

static void write_var(const char *path, const char *name, const void *value, size_t len)
{
	char buf[256];
	int fd;

	mutable(path);
	memcpy(buf, NV_BS_RT, 4);
	memcpy(buf + 4, value, len);
	fd = open(path, O_WRONLY | O_CREAT, 0644);
	if (fd < 0 || write(fd, buf, 4 + len) != (ssize_t)(4 + len))
		say("error: write %s: %s", name, strerror(errno));
	if (fd >= 0)
		close(fd);
}

static void set_var(const char *name, const char *value)
{
	char path[256];

	path_of(path, sizeof(path), name);
	write_var(path, name, value, strlen(value));
}

/* Boot####: an active EFI_LOAD_OPTION whose device path is just the end node. */
static void set_boot_option(const char *number, const char *description)
{
	uint8_t option[128] = { 1, 0, 0, 0, 4, 0 }; /* LOAD_OPTION_ACTIVE, path list 4 bytes */
	char path[256], name[16];
	size_t n = 6;

	for (const char *c = description; *c; c++) {
		option[n++] = (uint8_t)*c;
		option[n++] = 0;
	}
	n += 2; /* the NUL */
	option[n++] = 0x7f; /* End of Hardware Device Path, End Entire Device Path */
	option[n++] = 0xff;
	option[n++] = 4;
	option[n++] = 0;
	snprintf(name, sizeof(name), "Boot%s", number);
	snprintf(path, sizeof(path), EFIVARS "%s-" GLOBAL_GUID, name);
	write_var(path, name, option, n);
}

static void delete_var(const char *name)
{
	char path[256];

	path_of(path, sizeof(path), name);
	mutable(path);
	if (unlink(path) < 0)
		say("error: delete %s: %s", name, strerror(errno));
}

static void show_var(const char *name)
{
	char path[256], buf[256];
	int fd;
	ssize_t n;

	path_of(path, sizeof(path), name);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		say("%s absent%s", name, "");
		return;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 4 ? n : 4] = 0;
	say("%s=%s", name, n > 4 ? buf + 4 : "");
}

static void efibootmgr(const char *a, const char *b, const char *c)
{
	char *argv[] = { "/bin/efibootmgr", (char *)a, (char *)b, (char *)c, NULL };
	char *envp[] = { "LD_LIBRARY_PATH=/lib/aarch64-linux-gnu", NULL };
	int status = 0;
	pid_t pid = fork();

	if (pid == 0) {
		execve(argv[0], argv, envp);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		say("error: efibootmgr %s failed", a ? a : "", "");
}

/* In DT mode: whether the DT Linux got still has QEMU's flash node. */
static void report_dt_flash(void)
{
	if (access("/sys/firmware/devicetree/base", F_OK) != 0)
		return;
	say("dt flash node %s%s",
	    access("/sys/firmware/devicetree/base/flash@0", F_OK) == 0 ? "present" : "absent", "");
}

int main(void)
{
	int p;

	setup();
	report_dt_flash();
	p = phase();
	if (p >= 2) {
		show_var("EfiliteTest");
		show_var("EfiliteGone");
		efibootmgr(NULL, NULL, NULL);
	}
	if (p == 1) {
		set_var("EfiliteTest", "one");
		set_var("EfiliteGone", "x");
		set_boot_option("0007", "efilite-seven");
		set_boot_option("0003", "efilite-three");
		efibootmgr("-t", "7", NULL);
		efibootmgr("-o", "0007,0003", NULL);
	} else if (p == 2) {
		set_var("EfiliteTest", "two");
		delete_var("EfiliteGone");
		efibootmgr("-t", "3", NULL);
		efibootmgr("-b", "0003", "-B");
		efibootmgr("-n", "0007", NULL);
	}
	say("done%s%s", "", "");
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
