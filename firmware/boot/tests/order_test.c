/* boot_order(): each line of the policy in order.h. */
#include <string.h>

#include "firmware/boot/order.h"
#include "tools/testing/check.h"

#define MAX 16

static bool same(const struct boot_candidate *got, size_t n, const struct boot_candidate *want,
		 size_t want_n)
{
	if (n != want_n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (got[i].kind != want[i].kind || got[i].number != want[i].number)
			return false;
	return true;
}

#define EXPECT(in, ...)                                                                 \
	do {                                                                            \
		struct boot_candidate got_[MAX];                                       \
		const struct boot_candidate want_[] = { __VA_ARGS__ };                  \
		CHECK(same(got_, boot_order(in, got_, MAX), want_,                      \
			   sizeof(want_) / sizeof(want_[0])));                           \
	} while (0)

static void test_kernel_alone(void)
{
	const uint16_t order[] = { 1, 2 };
	struct boot_inputs in = { .have_kernel = true, .have_boot_next = true, .boot_next = 7,
				  .boot_order = order, .boot_order_count = 2,
				  .qemu_devices = 2, .file_systems = 3 };

	EXPECT(&in, { BOOT_KERNEL, 0 });
}

static void test_disk_order(void)
{
	const uint16_t order[] = { 3, 1, 3, 0x1000 };
	struct boot_inputs in = { .have_boot_next = true, .boot_next = 1, .boot_order = order,
				  .boot_order_count = 4, .qemu_devices = 2, .file_systems = 2 };

	EXPECT(&in, { BOOT_OPTION, 1 }, { BOOT_OPTION, 3 }, { BOOT_OPTION, 0x1000 },
	       { BOOT_QEMU_DEVICE, 0 }, { BOOT_QEMU_DEVICE, 1 }, { BOOT_REMOVABLE, 0 },
	       { BOOT_REMOVABLE, 1 });
	in.have_boot_next = false;
	in.qemu_devices = 0;
	EXPECT(&in, { BOOT_OPTION, 3 }, { BOOT_OPTION, 1 }, { BOOT_OPTION, 0x1000 },
	       { BOOT_REMOVABLE, 0 }, { BOOT_REMOVABLE, 1 });
}

static void test_nothing_and_bound(void)
{
	struct boot_inputs none = { 0 };
	struct boot_inputs many = { .qemu_devices = 100, .file_systems = 100 };
	struct boot_candidate got[MAX];

	CHECK(boot_order(&none, got, MAX) == 0);
	CHECK(boot_order(&many, got, MAX) == MAX);
	CHECK(got[MAX - 1].kind == BOOT_QEMU_DEVICE && got[MAX - 1].number == MAX - 1);
	CHECK(boot_order(&many, got, 0) == 0);
}

int main(void)
{
	test_kernel_alone();
	test_disk_order();
	test_nothing_and_bound();
	return check_report("order_test");
}
