//! The staff side: who is asking, sign-in, and the agencies, units and users
//! administrators keep.

pub(crate) mod agencies;
pub(crate) mod principal;
pub(crate) mod sign_in;
