DROP TABLE idempotency_keys;
DROP TABLE application_files;
DROP TABLE online_applications;
DROP TABLE citizens;
