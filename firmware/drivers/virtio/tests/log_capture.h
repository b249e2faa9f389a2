/* Host tests' log stub: the driver's last line, its last error line, and the error lines' count. */
#ifndef EFILITE_DRIVERS_VIRTIO_TESTS_LOG_CAPTURE_H
#define EFILITE_DRIVERS_VIRTIO_TESTS_LOG_CAPTURE_H
extern char last_log[256], last_error[256];
extern unsigned error_lines;
#endif
