/*
 * A fake libnvidia-ml for tests on machines without a GPU.
 *
 * Exports the NVML functions the agent uses with their real signatures and return codes,
 * plus fakeNvml* control functions that tests call (through JNA, on the same dlopen handle)
 * to script devices and readings. Build with -DFAKE_NVML_NO_ENERGY to get an "old driver"
 * variant that lacks nvmlDeviceGetTotalEnergyConsumption entirely.
 *
 * A child JVM opens NVML before any test code can script it, so the fake can also be scripted
 * from the environment: at nvmlInit_v2, when no device was added programmatically, it reads
 *
 *   FAKE_NVML_SCRIPT="devices=2;name=NVIDIA H100 80GB HBM3;mem_total_mb=81559;mem_used_mb=1024;
 *                     power_mw=250000;util=87;temp=61;auto_energy=1;init_delay_ms=800"
 *
 * (one line, ';'-separated key=value). Every device gets the same values; device i has the UUID
 * GPU-fa4e0000-0000-4000-8000-<i as 12 hex digits>. auto_energy=1 makes the energy counter grow
 * with CLOCK_MONOTONIC at power_mw, as fakeNvmlStartAutoEnergy does; otherwise it stays at
 * energy_mj. init_delay_ms makes the first nvmlInit_v2 take that long, as a real driver's first
 * initialisation can (hundreds of ms). Unknown keys, bad numbers or more than 16 devices make nvmlInit_v2 fail with
 * NVML_ERROR_INVALID_ARGUMENT and a line on stderr, so a typo cannot pass as "no GPU".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef int nvmlReturn_t;
typedef struct fake_device *nvmlDevice_t;

typedef struct {
    unsigned long long total;
    unsigned long long free;
    unsigned long long used;
} nvmlMemory_t;

typedef struct {
    unsigned int gpu;
    unsigned int memory;
} nvmlUtilization_t;

enum {
    NVML_SUCCESS = 0,
    NVML_ERROR_UNINITIALIZED = 1,
    NVML_ERROR_INVALID_ARGUMENT = 2,
    NVML_ERROR_NOT_SUPPORTED = 3,
    NVML_ERROR_NO_PERMISSION = 4,
    NVML_ERROR_INSUFFICIENT_SIZE = 7,
    NVML_ERROR_GPU_IS_LOST = 15,
    NVML_ERROR_UNKNOWN = 999
};

#define MAX_DEVICES 16
#define TEXT_LEN 96

/* Bits for fakeNvmlSetUnsupported. */
#define F_POWER 1
#define F_ENERGY 2
#define F_MEMORY 4
#define F_UTILIZATION 8
#define F_TEMPERATURE 16

struct fake_device {
    char name[TEXT_LEN];
    char uuid[TEXT_LEN];
    unsigned long long mem_total;
    unsigned long long mem_used;
    unsigned int power_mw;
    unsigned long long energy_mj;
    /* When auto_energy is set the counter advances with CLOCK_MONOTONIC at power_mw. */
    int auto_energy;
    long long auto_since_ns;
    unsigned int util_gpu;
    unsigned int util_mem;
    unsigned int temp_c;
    int unsupported;
    int lost;
};

static struct fake_device devices[MAX_DEVICES];
static int device_count = 0;
static int init_refs = 0;
static int init_result = NVML_SUCCESS;
static int shutdown_calls = 0;
static int script_read = 0;

static long long monotonic_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Common checks for every per-device call; returns SUCCESS or the error to return. */
static nvmlReturn_t check_device(nvmlDevice_t device, const void *out, int feature) {
    if (init_refs == 0) return NVML_ERROR_UNINITIALIZED;
    if (device == NULL || out == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    if (device < devices || device >= devices + device_count) return NVML_ERROR_INVALID_ARGUMENT;
    if (device->lost) return NVML_ERROR_GPU_IS_LOST;
    if (device->unsupported & feature) return NVML_ERROR_NOT_SUPPORTED;
    return NVML_SUCCESS;
}

static nvmlReturn_t copy_text(const char *text, char *out, unsigned int length) {
    if (strlen(text) + 1 > length) return NVML_ERROR_INSUFFICIENT_SIZE;
    strcpy(out, text);
    return NVML_SUCCESS;
}

/* Test control functions (defined at the end), used by the environment script. */
int fakeNvmlAddDevice(const char *name, const char *uuid, unsigned long long mem_total);
void fakeNvmlSetValues(int index, unsigned int power_mw, unsigned long long energy_mj,
                       unsigned long long mem_used, unsigned int util_gpu, unsigned int temp_c);
void fakeNvmlStartAutoEnergy(int index);

/* Parses one unsigned number; returns 0 when the whole text is not one. */
static int parse_number(const char *text, unsigned long long *out) {
    char *end;
    if (*text < '0' || *text > '9') return 0;
    *out = strtoull(text, &end, 10);
    return *end == '\0';
}

/* Applies FAKE_NVML_SCRIPT (see the top of the file); returns SUCCESS when unset. */
static nvmlReturn_t apply_env_script(void) {
    const char *script = getenv("FAKE_NVML_SCRIPT");
    if (script == NULL) return NVML_SUCCESS;
    char name[TEXT_LEN] = "Fake GPU";
    unsigned long long count = 1, mem_total_mb = 81559, mem_used_mb = 0, power_mw = 0, energy_mj = 0;
    unsigned long long util = 0, temp = 0, auto_energy = 0, init_delay_ms = 0;
    char buffer[1024];
    snprintf(buffer, sizeof buffer, "%s", script);
    for (char *item = buffer, *next; item != NULL; item = next) {
        next = strchr(item, ';');
        if (next != NULL) *next++ = '\0';
        if (*item == '\0') continue;
        char *eq = strchr(item, '=');
        if (eq == NULL) {
            fprintf(stderr, "fake_nvml: FAKE_NVML_SCRIPT: '%s' is not key=value\n", item);
            return NVML_ERROR_INVALID_ARGUMENT;
        }
        *eq = '\0';
        const char *key = item, *value = eq + 1;
        int ok = 1;
        if (strcmp(key, "name") == 0) snprintf(name, TEXT_LEN, "%s", value);
        else if (strcmp(key, "devices") == 0) ok = parse_number(value, &count) && count <= MAX_DEVICES;
        else if (strcmp(key, "mem_total_mb") == 0) ok = parse_number(value, &mem_total_mb);
        else if (strcmp(key, "mem_used_mb") == 0) ok = parse_number(value, &mem_used_mb);
        else if (strcmp(key, "power_mw") == 0) ok = parse_number(value, &power_mw) && power_mw <= 0xffffffffULL;
        else if (strcmp(key, "energy_mj") == 0) ok = parse_number(value, &energy_mj);
        else if (strcmp(key, "util") == 0) ok = parse_number(value, &util) && util <= 100;
        else if (strcmp(key, "temp") == 0) ok = parse_number(value, &temp) && temp <= 200;
        else if (strcmp(key, "auto_energy") == 0) ok = parse_number(value, &auto_energy) && auto_energy <= 1;
        else if (strcmp(key, "init_delay_ms") == 0) ok = parse_number(value, &init_delay_ms) && init_delay_ms <= 60000;
        else ok = 0;
        if (!ok) {
            fprintf(stderr, "fake_nvml: FAKE_NVML_SCRIPT: cannot use %s=%s\n", key, value);
            return NVML_ERROR_INVALID_ARGUMENT;
        }
    }
    if (init_delay_ms > 0) {
        struct timespec delay = {(time_t) (init_delay_ms / 1000), (long) (init_delay_ms % 1000) * 1000000L};
        while (nanosleep(&delay, &delay) != 0) {
            /* interrupted: sleep the rest */
        }
    }
    for (unsigned long long i = 0; i < count; i++) {
        char uuid[TEXT_LEN];
        snprintf(uuid, TEXT_LEN, "GPU-fa4e0000-0000-4000-8000-%012llx", i);
        int d = fakeNvmlAddDevice(name, uuid, mem_total_mb * 1024 * 1024);
        fakeNvmlSetValues(d, (unsigned int) power_mw, energy_mj, mem_used_mb * 1024 * 1024,
                          (unsigned int) util, (unsigned int) temp);
        if (auto_energy) fakeNvmlStartAutoEnergy(d);
    }
    return NVML_SUCCESS;
}

/* ---- NVML API ---- */

nvmlReturn_t nvmlInit_v2(void) {
    if (init_result != NVML_SUCCESS) return init_result;
    if (!script_read && device_count == 0) {
        nvmlReturn_t rc = apply_env_script();
        if (rc != NVML_SUCCESS) return rc;
        script_read = 1;
    }
    init_refs++;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlShutdown(void) {
    if (init_refs == 0) return NVML_ERROR_UNINITIALIZED;
    init_refs--;
    shutdown_calls++;
    return NVML_SUCCESS;
}

const char *nvmlErrorString(nvmlReturn_t result) {
    switch (result) {
        case NVML_SUCCESS: return "Success";
        case NVML_ERROR_UNINITIALIZED: return "Uninitialized";
        case NVML_ERROR_INVALID_ARGUMENT: return "Invalid Argument";
        case NVML_ERROR_NOT_SUPPORTED: return "Not Supported";
        case NVML_ERROR_NO_PERMISSION: return "Insufficient Permissions";
        case NVML_ERROR_INSUFFICIENT_SIZE: return "Insufficient Size";
        case 9: return "Driver Not Loaded";
        case NVML_ERROR_GPU_IS_LOST: return "GPU is lost";
        default: return "Unknown Error";
    }
}

nvmlReturn_t nvmlSystemGetDriverVersion(char *version, unsigned int length) {
    if (init_refs == 0) return NVML_ERROR_UNINITIALIZED;
    if (version == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    return copy_text("999.99.fake", version, length);
}

nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *count) {
    if (init_refs == 0) return NVML_ERROR_UNINITIALIZED;
    if (count == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    *count = (unsigned int) device_count;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device) {
    if (init_refs == 0) return NVML_ERROR_UNINITIALIZED;
    if (device == NULL || index >= (unsigned int) device_count) return NVML_ERROR_INVALID_ARGUMENT;
    if (devices[index].lost) return NVML_ERROR_GPU_IS_LOST;
    *device = &devices[index];
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t device, char *name, unsigned int length) {
    nvmlReturn_t rc = check_device(device, name, 0);
    return rc != NVML_SUCCESS ? rc : copy_text(device->name, name, length);
}

nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t device, char *uuid, unsigned int length) {
    nvmlReturn_t rc = check_device(device, uuid, 0);
    return rc != NVML_SUCCESS ? rc : copy_text(device->uuid, uuid, length);
}

nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t device, unsigned int *power) {
    nvmlReturn_t rc = check_device(device, power, F_POWER);
    if (rc == NVML_SUCCESS) *power = device->power_mw;
    return rc;
}

#ifndef FAKE_NVML_NO_ENERGY
nvmlReturn_t nvmlDeviceGetTotalEnergyConsumption(nvmlDevice_t device, unsigned long long *energy) {
    nvmlReturn_t rc = check_device(device, energy, F_ENERGY);
    if (rc != NVML_SUCCESS) return rc;
    if (device->auto_energy) {
        long long elapsed = monotonic_ns() - device->auto_since_ns;
        *energy = device->energy_mj + (unsigned long long) ((double) device->power_mw * elapsed / 1e9);
    } else {
        *energy = device->energy_mj;
    }
    return NVML_SUCCESS;
}
#endif

nvmlReturn_t nvmlDeviceGetMemoryInfo(nvmlDevice_t device, nvmlMemory_t *memory) {
    nvmlReturn_t rc = check_device(device, memory, F_MEMORY);
    if (rc != NVML_SUCCESS) return rc;
    memory->total = device->mem_total;
    memory->used = device->mem_used;
    memory->free = device->mem_total - device->mem_used;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetUtilizationRates(nvmlDevice_t device, nvmlUtilization_t *utilization) {
    nvmlReturn_t rc = check_device(device, utilization, F_UTILIZATION);
    if (rc != NVML_SUCCESS) return rc;
    utilization->gpu = device->util_gpu;
    utilization->memory = device->util_mem;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetTemperature(nvmlDevice_t device, int sensorType, unsigned int *temp) {
    nvmlReturn_t rc = check_device(device, temp, F_TEMPERATURE);
    if (rc != NVML_SUCCESS) return rc;
    if (sensorType != 0) return NVML_ERROR_INVALID_ARGUMENT;
    *temp = device->temp_c;
    return NVML_SUCCESS;
}

/* ---- Test control (not NVML) ---- */

void fakeNvmlReset(void) {
    memset(devices, 0, sizeof devices);
    device_count = 0;
    init_refs = 0;
    init_result = NVML_SUCCESS;
    shutdown_calls = 0;
    script_read = 0;
}

void fakeNvmlSetInitResult(int rc) { init_result = rc; }

int fakeNvmlInitRefs(void) { return init_refs; }

int fakeNvmlShutdownCalls(void) { return shutdown_calls; }

/* Returns the new device's index, or -1 when full. */
int fakeNvmlAddDevice(const char *name, const char *uuid, unsigned long long mem_total) {
    if (device_count >= MAX_DEVICES) return -1;
    struct fake_device *d = &devices[device_count];
    memset(d, 0, sizeof *d);
    snprintf(d->name, TEXT_LEN, "%s", name);
    snprintf(d->uuid, TEXT_LEN, "%s", uuid);
    d->mem_total = mem_total;
    return device_count++;
}

/* features: bit set of F_POWER | F_ENERGY | F_MEMORY | F_UTILIZATION | F_TEMPERATURE. */
void fakeNvmlSetUnsupported(int index, int features) { devices[index].unsupported = features; }

void fakeNvmlSetValues(int index, unsigned int power_mw, unsigned long long energy_mj,
                       unsigned long long mem_used, unsigned int util_gpu, unsigned int temp_c) {
    struct fake_device *d = &devices[index];
    d->power_mw = power_mw;
    d->energy_mj = energy_mj;
    d->mem_used = mem_used;
    d->util_gpu = util_gpu;
    d->util_mem = util_gpu / 2;
    d->temp_c = temp_c;
    d->auto_energy = 0;
}

/* From now on the energy counter grows with the monotonic clock at the current power. */
void fakeNvmlStartAutoEnergy(int index) {
    devices[index].auto_energy = 1;
    devices[index].auto_since_ns = monotonic_ns();
}

void fakeNvmlSetLost(int index) { devices[index].lost = 1; }
