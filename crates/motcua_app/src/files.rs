//! Where uploaded files live: an object store (a local folder by default,
//! S3-compatible storage when configured). The database holds what a file
//! is and its checksum; the store holds the bytes under a key we make, never
//! under a name the client chose.

use bytes::Bytes;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use std::sync::Arc;

use crate::error::{AppError, AppResult};

/// The bytes of uploaded files.
#[derive(Clone)]
pub struct FileStore {
    store: Arc<dyn ObjectStore>,
    description: String,
}

impl std::fmt::Debug for FileStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileStore")
            .field("store", &self.description)
            .finish()
    }
}

impl FileStore {
    /// Files in the folder `dir`, made if missing.
    pub fn local(dir: &std::path::Path) -> AppResult<FileStore> {
        std::fs::create_dir_all(dir)
            .map_err(|e| AppError::unexpected("creating the file folder", e))?;
        let store = object_store::local::LocalFileSystem::new_with_prefix(dir)
            .map_err(|e| AppError::unexpected("opening the file folder", e))?;
        Ok(FileStore {
            store: Arc::new(store),
            description: format!("folder {}", dir.display()),
        })
    }

    /// Files in an S3-compatible bucket. Credentials, region and endpoint
    /// come from the usual `AWS_*` variables (`AWS_ENDPOINT` for MinIO and
    /// other S3-compatible stores).
    pub fn s3_from_env(bucket: &str) -> AppResult<FileStore> {
        let store = object_store::aws::AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .build()
            .map_err(|e| AppError::unexpected("configuring S3 storage", e))?;
        Ok(FileStore {
            store: Arc::new(store),
            description: format!("s3 bucket {bucket}"),
        })
    }

    /// Stores `bytes` under `key`.
    pub(crate) async fn put(&self, key: &str, bytes: Bytes) -> AppResult<()> {
        self.store
            .put(&Path::from(key), PutPayload::from(bytes))
            .await
            .map(|_| ())
            .map_err(|e| AppError::unexpected("storing a file", e))
    }

    /// The bytes under `key`.
    pub(crate) async fn get(&self, key: &str) -> AppResult<Bytes> {
        let got = self
            .store
            .get(&Path::from(key))
            .await
            .map_err(|e| AppError::unexpected("reading a stored file", e))?;
        got.bytes()
            .await
            .map_err(|e| AppError::unexpected("reading a stored file", e))
    }

    /// Removes what is under `keys`. A failure is logged, not returned: the
    /// caller's change has committed, and an orphaned object costs space,
    /// not correctness.
    pub(crate) async fn remove(&self, keys: &[String]) {
        for key in keys {
            match self.store.delete(&Path::from(key.as_str())).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(error) => {
                    tracing::warn!(file.key = %key, %error, "could not remove a stored file");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl FileStore {
        async fn holds(&self, key: &str) -> bool {
            self.store.head(&Path::from(key)).await.is_ok()
        }
    }

    #[tokio::test]
    async fn files_go_in_and_come_out_and_removing_twice_is_harmless() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::local(&dir.path().join("files")).unwrap();
        store
            .put("applications/a/f1", Bytes::from_static(b"%PDF-1.7"))
            .await
            .unwrap();
        assert!(store.holds("applications/a/f1").await);
        assert_eq!(
            store.get("applications/a/f1").await.unwrap(),
            Bytes::from_static(b"%PDF-1.7")
        );
        store.remove(&["applications/a/f1".into()]).await;
        store.remove(&["applications/a/f1".into()]).await;
        assert!(!store.holds("applications/a/f1").await);
        assert!(store.get("applications/a/f1").await.is_err());
    }
}
