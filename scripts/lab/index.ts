export { Lab, MEMBER_IFACE, type LabOptions, type LabMember, type MemberSpec, type LabCaptureOptions } from './lab.js';
export { KeepalivedProcess, type StopMode } from './keepalived-process.js';
export { renderKeepalivedConfig, type KeepalivedConfig, type VrrpInstanceConfig } from './keepalived-config.js';
export { PacketCapture, type CaptureTool, type CaptureOptions } from './packet-capture.js';
export { cleanupPrefix, cleanupAllLabs, labNamespaces, labWorkDir } from './cleanup.js';
export { newRunPrefix, LAB_PREFIX_ROOT } from './names.js';
export { run, inNetns, LabCommandError, type RunResult } from './exec.js';
export { sleep, waitFor, withTimeout, LabTimeoutError } from './wait.js';
export { labAvailable } from './availability.js';
