DROP TABLE payment_attempts;
DROP TABLE payment_requests;
