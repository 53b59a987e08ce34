//! The citizen's side: accounts, online applications and their files, fees
//! paid online, and results and ratings.

pub(crate) mod accounts;
pub(crate) mod applications;
pub(crate) mod payments;
pub(crate) mod results;
