using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Losant.AccessTokens.Json
{
    /// <summary>
    /// Text that repeats within a token and from token to token: an id that comes twice (<c>id</c>
    /// and <c>apiTokenId</c>; <c>ownerId</c> and <c>creatorId</c> when a user made their own
    /// token), and the few kinds of owner and creator. Each is read into one shared string rather
    /// than a new one each time. Strict as the built-in reader: anything but a string is refused.
    /// </summary>
    internal sealed class RepeatedTextConverter : JsonConverter<string?>
    {
        // The kinds today's API names: ownerType application or user; creatorType apiToken, user or flow.
        private static readonly string[] Kinds = { "user", "application", "apiToken", "flow" };

        // The last id-like text this thread read. Reading is synchronous within one token, and a
        // token's repeated ids come one after the other, so one is enough.
        [ThreadStatic]
        private static string? _last;

        /// <inheritdoc />
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                foreach (var kind in Kinds)
                {
                    if (reader.ValueTextEquals(kind)) return kind;
                }

                var last = _last;
                if (last != null && reader.ValueTextEquals(last)) return last;
            }

            return _last = reader.GetString();
        }

        /// <inheritdoc />
        public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }
}
