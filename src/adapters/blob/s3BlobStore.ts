import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { BlobStoreUnavailableError, checkBlobName, type BlobStore } from '../../ports/blobStore';

export interface S3Options {
  /** Empty for AWS itself; the service's endpoint otherwise (https://oss-cn-hangzhou.aliyuncs.com, https://cos.ap-shanghai.myqcloud.com, http://127.0.0.1:9000). */
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `https://endpoint/bucket/key` instead of `https://bucket.endpoint/key`: self-hosted stores usually need it. */
  forcePathStyle: boolean;
  /** Prefix of every object name, so that the bucket can hold other things too. */
  prefix: string;
}

/**
 * Blobs as objects in an S3-compatible bucket. Checksums are sent and
 * checked only where the S3 API requires them: the SDK's newer default
 * (a CRC32 trailer on every upload) is refused by several S3-compatible
 * services. Objects are deleted one by one: the batch call needs Content-MD5
 * on some of them and another checksum on others, and a complaint has at
 * most three images.
 */
export function s3BlobStore(options: S3Options): BlobStore {
  const client = new S3Client({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    forcePathStyle: options.forcePathStyle,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
  });
  const Bucket = options.bucket;
  const key = (name: string) => `${options.prefix}${checkBlobName(name)}`;
  /** Network trouble and the service's own 5xx are "unavailable"; a refusal (403, bad bucket) is a configuration error and propagates as is. */
  const guarded = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof S3ServiceException && (error.$metadata.httpStatusCode ?? 500) < 500) throw error;
      throw new BlobStoreUnavailableError(`blob store: ${(error as Error).name}`);
    }
  };
  return {
    describe: `s3 ${options.endpoint ?? 'aws'} bucket ${Bucket}`,
    async put(name, bytes) {
      const Key = key(name);
      await guarded(() => client.send(new PutObjectCommand({ Bucket, Key, Body: bytes, ContentType: 'application/octet-stream' })));
    },
    async get(name) {
      const Key = key(name);
      return guarded(async () => {
        try {
          const answer = await client.send(new GetObjectCommand({ Bucket, Key }));
          return answer.Body ? await answer.Body.transformToByteArray() : new Uint8Array();
        } catch (error) {
          if (error instanceof S3ServiceException && (error.name === 'NoSuchKey' || error.$metadata.httpStatusCode === 404)) return null;
          throw error;
        }
      });
    },
    async delete(names) {
      const Keys = names.map(key);
      await guarded(() => Promise.all(Keys.map((Key) => client.send(new DeleteObjectCommand({ Bucket, Key })))));
    },
    list: (prefix) =>
      guarded(async () => {
        const found: Array<{ name: string; writtenAt: number }> = [];
        let ContinuationToken: string | undefined;
        do {
          const page = await client.send(
            new ListObjectsV2Command({ Bucket, Prefix: `${options.prefix}${prefix}`, ...(ContinuationToken ? { ContinuationToken } : {}) }),
          );
          for (const object of page.Contents ?? []) {
            if (object.Key) found.push({ name: object.Key.slice(options.prefix.length), writtenAt: object.LastModified?.getTime() ?? 0 });
          }
          ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (ContinuationToken);
        return found.sort((a, b) => a.name.localeCompare(b.name));
      }),
    // A PUT to a bucket is whole or absent: nothing is left behind to clean.
    clean: async () => 0,
  };
}
