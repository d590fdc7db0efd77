using System;
using System.IO;
using System.IO.Compression;
using System.Net.Http;
using System.Threading.Tasks;

namespace Losant.AccessTokens.Http
{
    /// <summary>
    /// Opens an answer's body, decoded when the server compressed it. The framework's automatic
    /// decompression is off (see <see cref="LosantHttpClientFactory"/>): it asks for compression on
    /// every request and costs an extra handler per request, while only lists are worth
    /// compressing. Lists ask for it (<see cref="AcceptEncoding"/>); any answer that arrives
    /// compressed, asked or not, is decoded here.
    /// </summary>
    internal static class ContentDecoding
    {
        /// <summary>The Accept-Encoding of requests whose answers are worth compressing.</summary>
        public const string AcceptEncoding = "gzip, deflate";

        /// <summary>True when the body arrives compressed, so its declared length is not the length read.</summary>
        public static bool IsEncoded(HttpContent content) => AnswerHeaders.Of(content).Contains("Content-Encoding");

        public static async Task<Stream> OpenAsync(HttpContent content)
        {
            var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
            if (!IsEncoded(content)) return stream;
            string? encoding = null;
            foreach (var value in AnswerHeaders.Of(content).ContentEncoding)
            {
                if (encoding != null) throw new InvalidResponseException("The answer is encoded more than once (Content-Encoding), which the module does not decode.");
                encoding = value;
            }

            switch (encoding?.ToLowerInvariant())
            {
                case null:
                case "identity":
                    return stream;
                case "gzip":
                case "x-gzip":
                    return new GZipStream(stream, CompressionMode.Decompress);
                case "deflate":
                    return await OpenZlibAsync(stream).ConfigureAwait(false);
                default:
                    throw new InvalidResponseException($"The answer is encoded as '{encoding}', which the module does not decode.");
            }
        }

        // HTTP's "deflate" is the zlib format: a two-byte header, then the deflate stream this
        // framework target can read (it has no zlib reader of its own); the checksum after it is not read.
        private static async Task<Stream> OpenZlibAsync(Stream stream)
        {
            var header = new byte[2];
            var read = 0;
            while (read < 2)
            {
                var got = await stream.ReadAsync(header, read, 2 - read).ConfigureAwait(false);
                if (got == 0) break;
                read += got;
            }

            if (read < 2 || (header[0] & 0x0F) != 8 || ((header[0] << 8) | header[1]) % 31 != 0)
            {
                throw new InvalidDataException("The answer says it is deflate-encoded, but it does not start with a zlib header.");
            }

            return new DeflateStream(stream, CompressionMode.Decompress);
        }
    }
}
