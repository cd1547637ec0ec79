export { defineContract, validateRecord, type DataContract, type RecordOf, type RecordResult, type RowError } from './contract.ts';
export { formatOf, readRawRecords, type FileFormat, type RawRecord } from './record-reader.ts';
export { createStorage, parseS3Url, readText, writeFileAtomic, type S3Location, type Storage } from './storage.ts';
export { formatReport, readValidated, validateFile, type ReadOptions, type ValidationReport } from './validate-file.ts';
