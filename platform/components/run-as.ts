// Which user each kind's containers run as. The Dockerfiles must agree (a test checks every app's
// Dockerfile against these): app images are built to run as 1000; Spark images are the official
// apache/spark images, whose entrypoint and file permissions belong to the spark user, 185, and
// spark-operator's pods run as that user.

/** The UID (and GID) of service, job and cron containers. */
export const APP_USER = 1000;

/** The UID of Spark drivers and executors: the apache/spark image's `spark` user. */
export const SPARK_USER = 185;
