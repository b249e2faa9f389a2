// SPDX-License-Identifier: MIT
/*
 * PID 1 of the QEMU boot tests. It reports what the kernel learnt from the
 * firmware as "EFILITE-INIT: key=value" lines on the console and then powers
 * the machine off, so that QEMU exits by itself and the host script can
 * assert on the serial log. Every line is written with a single write() so
 * that kernel messages cannot split it.
 *
 * Keys (a missing source is reported as "none", never skipped):
 *   cmdline       /proc/cmdline without its trailing newline
 *   efi           yes if /sys/firmware/efi exists, else no
 *   efi_firmware  vendor from the kernel's "efi: EFI vX.Y by VENDOR" line
 *   acpi_tables   sorted, comma-separated /sys/firmware/acpi/tables files
 *   dmi           sys_vendor/product_name from /sys/class/dmi/id
 *   rtc           rtc0 driver name:since_epoch
 *   rtc_efi       bound | unbound (GetTime failed at probe) | absent (GetTime
 *                 not claimed, or no EFI)
 *   efivarfs      mounted | absent (no EFI) | error:<step>:<reason>
 *   efivars       number of variables, efivar_names their names
 *   rng_seed      the RNG= address of the kernel's "efi:" config table line
 *   boot_el       EL1 or EL2 from "CPU: All CPU(s) started at ELx"
 *   mem_total_kb  MemTotal from /proc/meminfo
 *   cpus_online   /sys/devices/system/cpu/online
 *   kernel_code   physical start of "Kernel code" in /proc/iomem, 0x-prefixed hex
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "qemu-tests/init/klog.h"

#define MARKER "EFILITE-INIT: "
#define EFIVARS_DIR "/sys/firmware/efi/efivars"
/* The cloud kernel builds efivarfs as a module; the initrd carries it. */
#define EFIVARFS_MODULE "/efivarfs.ko"

#define SYSLOG_ACTION_READ_ALL 3
#define SYSLOG_ACTION_CONSOLE_LEVEL 8
#define SYSLOG_ACTION_SIZE_BUFFER 10
/* Only KERN_EMERG reaches the console while the report is printed. */
#define QUIET_CONSOLE_LEVEL 1

static void report(const char *key, const char *fmt, ...)
{
	char line[8192];
	size_t len, room;
	va_list ap;
	int m;

	len = (size_t)snprintf(line, sizeof(line), MARKER "%s=", key);
	/* One byte stays free for the newline that ends every report. */
	room = sizeof(line) - len - 1;
	va_start(ap, fmt);
	m = vsnprintf(line + len, room, fmt, ap);
	va_end(ap);
	if (m > 0)
		len += (size_t)m < room ? (size_t)m : room - 1;
	line[len++] = '\n';
	if (write(STDOUT_FILENO, line, len) < 0)
		_exit(1);
}

static void marker(const char *what)
{
	char line[64];
	int n = snprintf(line, sizeof(line), MARKER "%s\n", what);

	if (write(STDOUT_FILENO, line, n) < 0)
		_exit(1);
}

/* Reads a small text file, dropping one trailing newline. */
static bool read_text(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return false;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return false;
	if (n > 0 && buf[n - 1] == '\n')
		n--;
	buf[n] = '\0';
	return true;
}

static bool exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static int mount_at(const char *type, const char *dir)
{
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return -errno;
	if (mount(type, dir, type, MS_NOSUID | MS_NOEXEC, NULL) < 0)
		return -errno;
	return 0;
}

/*
 * The kernel opens /dev/console for PID 1 only if the initramfs provides
 * it; otherwise the console appears once devtmpfs is mounted.
 */
static void attach_console(void)
{
	int fd;

	if (fcntl(STDOUT_FILENO, F_GETFD) >= 0)
		return;
	fd = open("/dev/console", O_RDWR);
	if (fd < 0)
		return;
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
}

static void mount_or_report(const char *type, const char *dir)
{
	int err = mount_at(type, dir);

	if (err)
		report("mount_error", "%s on %s: %s", type, dir, strerror(-err));
}

static void report_cmdline(void)
{
	char buf[4096];

	if (read_text("/proc/cmdline", buf, sizeof(buf)))
		report("cmdline", "%s", buf);
	else
		report("cmdline", "none");
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Joins the names of the entries of dir (regular files only if files_only)
 * sorted and comma-separated into out; returns their number (all of them,
 * even those that did not fit) or -errno.
 */
static int list_dir(const char *dir, bool files_only, char *out, size_t size)
{
	char *names[512];
	struct dirent *de;
	size_t used = 0;
	bool full = false;
	int count = 0;
	DIR *d = opendir(dir);

	out[0] = '\0';
	if (!d)
		return -errno;
	while ((de = readdir(d)) && count < (int)(sizeof(names) / sizeof(names[0]))) {
		if (de->d_name[0] == '.')
			continue;
		if (files_only && de->d_type != DT_REG)
			continue;
		names[count] = strdup(de->d_name);
		if (names[count])
			count++;
	}
	closedir(d);
	qsort(names, count, sizeof(names[0]), compare_names);
	for (int i = 0; i < count; i++) {
		int n = full ? 0 : snprintf(out + used, size - used, "%s%s", i ? "," : "", names[i]);

		if (n < 0 || (size_t)n >= size - used) {
			/* A truncated list keeps only whole names. */
			out[used] = '\0';
			full = true;
		} else {
			used += n;
		}
		free(names[i]);
	}
	return count;
}

static void report_acpi(void)
{
	char list[2048];
	int count = list_dir("/sys/firmware/acpi/tables", true, list, sizeof(list));

	report("acpi_tables", "%s", count > 0 ? list : "none");
}

static void report_dmi(void)
{
	char vendor[256], product[256];

	if (read_text("/sys/class/dmi/id/sys_vendor", vendor, sizeof(vendor)) &&
	    read_text("/sys/class/dmi/id/product_name", product, sizeof(product)))
		report("dmi", "%s/%s", vendor, product);
	else
		report("dmi", "none");
}

static void report_rtc(void)
{
	char name[256], seconds[64];

	if (!read_text("/sys/class/rtc/rtc0/name", name, sizeof(name)) ||
	    !read_text("/sys/class/rtc/rtc0/since_epoch", seconds, sizeof(seconds))) {
		report("rtc", "none");
		return;
	}
	/* "name" is "<driver> <device>"; the driver tells which RTC won. */
	name[strcspn(name, " ")] = '\0';
	report("rtc", "%s:%s", name, seconds);
}

/*
 * The kernel registers the rtc-efi device if the firmware claims GetTime at
 * runtime, and the driver binds only if GetTime then succeeds.
 */
static void report_rtc_efi(void)
{
	const char *state = "absent";

	if (exists("/sys/bus/platform/devices/rtc-efi.0/driver"))
		state = "bound";
	else if (exists("/sys/bus/platform/devices/rtc-efi.0"))
		state = "unbound";
	report("rtc_efi", "%s", state);
}

static const char *load_module(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	long ret;

	if (fd < 0)
		return errno == ENOENT ? NULL : strerror(errno);
	ret = syscall(SYS_finit_module, fd, "", 0);
	close(fd);
	if (ret < 0 && errno != EEXIST)
		return strerror(errno);
	return NULL;
}

static void report_efivars(void)
{
	char names[6144];
	const char *why;
	int count;

	if (!exists("/sys/firmware/efi")) {
		report("efivarfs", "absent");
		return;
	}
	why = load_module(EFIVARFS_MODULE);
	if (why) {
		report("efivarfs", "error:load:%s", why);
		return;
	}
	if (mount("efivarfs", EFIVARS_DIR, "efivarfs", MS_NOSUID | MS_NOEXEC, NULL) < 0) {
		report("efivarfs", "error:mount:%s", strerror(errno));
		return;
	}
	report("efivarfs", "mounted");
	count = list_dir(EFIVARS_DIR, false, names, sizeof(names));
	if (count < 0) {
		report("efivars", "error:%s", strerror(-count));
		return;
	}
	report("efivars", "%d", count);
	report("efivar_names", "%s", count ? names : "none");
}

/*
 * Disks, when the initrd carries the virtio modules (initrd_disk): loaded
 * dependencies first (those of virtio-scsi only if present: sd and sr
 * before virtio_scsi, whose host scan the module load waits for), then
 * every block device as name:512-byte sectors:logical block size:the 8
 * bytes at byte 512 in hex, read through /dev (Linux used the device after
 * the firmware: "EFI PART" of a GPT is 4546492050415254), e.g.
 * "vda:57344:512:4546492050415254,sr0:57344:2048:...".
 */
#define DISK_MODULES "/lib/modules/disk/"
#define PROBE_OFFSET 512

/* The 8 bytes at PROBE_OFFSET of /dev/name in hex, or why not. */
static void read_probe(const char *name, char *hex, size_t size)
{
	unsigned char b[8];
	char path[300];
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/dev/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(hex, size, "open-%s", strerror(errno));
		return;
	}
	n = pread(fd, b, sizeof(b), PROBE_OFFSET);
	close(fd);
	if (n != (ssize_t)sizeof(b)) {
		snprintf(hex, size, "read-%s", n < 0 ? strerror(errno) : "short");
		return;
	}
	for (size_t i = 0; i < sizeof(b); i++)
		snprintf(hex + 2 * i, size - 2 * i, "%02x", b[i]);
}

static void report_block(void)
{
	static const char *const modules[] = { "virtio_ring", "virtio", "virtio_pci_modern_dev",
					       "virtio_pci_legacy_dev", "virtio_pci", "virtio_mmio",
					       "virtio_blk", "scsi_common", "scsi_mod", "sd_mod",
					       "cdrom", "sr_mod", "virtio_scsi" };
	char names[1024], out[4096], path[300], *name, *save = NULL;
	size_t used = 0;

	if (!exists(DISK_MODULES "virtio_blk.ko"))
		return;
	for (size_t i = 0; i < sizeof(modules) / sizeof(modules[0]); i++) {
		const char *why;

		snprintf(path, sizeof(path), DISK_MODULES "%s.ko", modules[i]);
		why = load_module(path);
		if (why) {
			report("block", "error:load:%s:%s", modules[i], why);
			return;
		}
	}
	if (list_dir("/sys/block", false, names, sizeof(names)) <= 0) {
		report("block", "none");
		return;
	}
	out[0] = '\0';
	for (name = strtok_r(names, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		char size[32] = "?", lbs[16] = "?", probe[64];

		snprintf(path, sizeof(path), "/sys/block/%s/size", name);
		read_text(path, size, sizeof(size));
		snprintf(path, sizeof(path), "/sys/block/%s/queue/logical_block_size", name);
		read_text(path, lbs, sizeof(lbs));
		read_probe(name, probe, sizeof(probe));
		used += (size_t)snprintf(out + used, used < sizeof(out) ? sizeof(out) - used : 0,
					 "%s%s:%s:%s:%s", used ? "," : "", name, size, lbs, probe);
	}
	report("block", "%s", out);
}

/* Returns the whole kernel log as a NUL-terminated string (or NULL). */
static char *kernel_log(void)
{
	int size = klogctl(SYSLOG_ACTION_SIZE_BUFFER, NULL, 0);
	char *log;
	int n;

	if (size <= 0)
		return NULL;
	log = malloc((size_t)size + 1);
	if (!log)
		return NULL;
	n = klogctl(SYSLOG_ACTION_READ_ALL, log, size);
	if (n < 0) {
		free(log);
		return NULL;
	}
	log[n] = '\0';
	return log;
}

static void report_kernel_log(void)
{
	char value[256];
	char *log = kernel_log();

	if (log && klog_efi_firmware(log, value, sizeof(value)))
		report("efi_firmware", "%s", value);
	else
		report("efi_firmware", "none");
	if (log && klog_rng_seed(log, value, sizeof(value)))
		report("rng_seed", "%s", value);
	else
		report("rng_seed", "none");
	if (log && klog_boot_el(log, value, sizeof(value)))
		report("boot_el", "%s", value);
	else
		report("boot_el", "unknown");
	free(log);
}

static void report_meminfo(void)
{
	char buf[4096];
	unsigned long kb;
	const char *total;

	if (!read_text("/proc/meminfo", buf, sizeof(buf)) ||
	    !(total = strstr(buf, "MemTotal:")) ||
	    sscanf(total, "MemTotal: %lu kB", &kb) != 1) {
		report("mem_total_kb", "none");
		return;
	}
	report("mem_total_kb", "%lu", kb);
}

static void report_cpus(void)
{
	char buf[256];

	if (read_text("/sys/devices/system/cpu/online", buf, sizeof(buf)))
		report("cpus_online", "%s", buf);
	else
		report("cpus_online", "none");
}

/* Where the kernel runs: equal to where the firmware loaded it unless moved. */
static void report_kernel_code(void)
{
	FILE *f = fopen("/proc/iomem", "re");
	char line[256];
	unsigned long start, end;

	while (f && fgets(line, sizeof(line), f)) {
		if (strstr(line, " : Kernel code") &&
		    sscanf(line, " %lx-%lx", &start, &end) == 2) {
			report("kernel_code", "0x%lx", start);
			fclose(f);
			return;
		}
	}
	if (f)
		fclose(f);
	report("kernel_code", "none");
}

int main(void)
{
	int dev_err = mount_at("devtmpfs", "/dev");

	attach_console();
	klogctl(SYSLOG_ACTION_CONSOLE_LEVEL, NULL, QUIET_CONSOLE_LEVEL);
	marker("start");
	if (dev_err)
		report("mount_error", "devtmpfs on /dev: %s", strerror(-dev_err));
	mount_or_report("proc", "/proc");
	mount_or_report("sysfs", "/sys");

	report_cmdline();
	report("efi", "%s", exists("/sys/firmware/efi") ? "yes" : "no");
	report_kernel_log();
	report_acpi();
	report_dmi();
	report_rtc();
	report_rtc_efi();
	report_efivars();
	report_block();
	report_meminfo();
	report_cpus();
	report_kernel_code();

	marker("done");
	sync();
	reboot(RB_POWER_OFF);
	report("poweroff_error", "%s", strerror(errno));
	return 1;
}
