using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Losant.AccessTokens.Http;
using Losant.AccessTokens.Json;

namespace Losant.AccessTokens.Api
{
    /// <summary>
    /// The body of an answer that is one JSON value (a token, a success, an error): checked to be
    /// JSON and read whole, within a bound, decoded when compressed.
    /// </summary>
    internal static class AnswerBody
    {
        /// <summary>The largest single-token or error body accepted; anything larger is hostile.</summary>
        internal const int MaxBytes = AccessTokenJson.MaxItemBytes;

        /// <summary>Refuses an answer that declares a media type other than JSON.</summary>
        public static void RequireJson(HttpResponseMessage response)
        {
            var mediaType = AnswerHeaders.Of(response.Content).ContentType?.MediaType;
            if (mediaType == null) return;
            if (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)) return;
            throw new InvalidResponseException($"The answer is {mediaType}, not application/json.");
        }

        /// <summary>Reads the whole body, refusing one larger than <see cref="MaxBytes"/>.</summary>
        public static async Task<byte[]> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            // A compressed body declares its compressed length: then the length read is unknown.
            var declared = ContentDecoding.IsEncoded(response.Content) ? null : AnswerHeaders.Of(response.Content).ContentLength;
            if (declared > MaxBytes) throw TooLarge();
            using var stream = await ContentDecoding.OpenAsync(response.Content).ConfigureAwait(false);

            // The usual answer declares its length: read straight into an array of that size, with
            // no intermediate buffer (HttpClient itself holds the server to the declared length).
            var body = new byte[declared ?? 4096];
            var filled = 0;
            while (true)
            {
                if (filled == body.Length)
                {
                    if (declared.HasValue) return body;
                    Array.Resize(ref body, Math.Min(body.Length * 2, MaxBytes + 1));
                }

                var read = await stream.ReadAsync(body, filled, body.Length - filled, cancellationToken).ConfigureAwait(false);
                if (read == 0) break;
                filled += read;
                if (filled > MaxBytes) throw TooLarge();
            }

            if (filled != body.Length) Array.Resize(ref body, filled);
            return body;
        }

        private static InvalidResponseException TooLarge() =>
            new InvalidResponseException($"The answer is larger than {MaxBytes / 1024} KiB, far more than any access token.");
    }
}
