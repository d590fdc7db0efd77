using System;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Losant.AccessTokens.Models;

namespace Losant.AccessTokens.Json
{
    /// <summary>
    /// The wire format's entry points, over the generated <see cref="AccessTokenJsonContext"/>:
    /// strict about the types of known fields (a wrong type is an invalid answer, never a
    /// half-filled object), tolerant of unknown fields (kept), and every failure of a body an
    /// <see cref="InvalidResponseException"/> that names the field.
    /// </summary>
    internal static class AccessTokenJson
    {
        /// <summary>No single token, application or error body is anywhere near this; a larger one is a hostile answer.</summary>
        internal const int MaxItemBytes = 1024 * 1024;

        private static AccessTokenJsonContext Context => AccessTokenJsonContext.Default;

        /// <summary>Reads one token; the reader is on its StartObject and ends on its EndObject, and <paramref name="item"/> holds its bytes.</summary>
        public static AccessToken ReadToken(ref Utf8JsonReader reader, ReadOnlySpan<byte> item) =>
            ReadItem(ref reader, Context.AccessTokenWire, "an access token").ToModel(UnknownFields.Collect(item));

        /// <summary>Reads a list of tokens one token at a time as the body arrives.</summary>
        public static ListBodyReader<AccessToken> ReadTokenList(Stream stream) => new ListBodyReader<AccessToken>(stream, ReadToken);

        /// <summary>Reads one application of a list; the reader is on its StartObject and ends on its EndObject.</summary>
        public static Application ReadApplication(ref Utf8JsonReader reader, ReadOnlySpan<byte> item) => ReadItem(ref reader, Context.ApplicationWire, "an application").ToModel();

        /// <summary>Reads the answer to a password sign-in; it must carry the user token.</summary>
        public static SignInAnswer ParseSignIn(ReadOnlySpan<byte> body)
        {
            var answer = Parse(body, Context.SignInAnswer, "the sign-in answer");
            return answer.Token != null ? answer : throw Shape("the sign-in answer has no 'token'");
        }

        /// <summary>
        /// The body of a password sign-in, <c>{"email", "password"[, "twoFactorCode"]}</c>. The
        /// password goes from characters to bytes without becoming a string; the caller clears both.
        /// </summary>
        public static byte[] WriteSignIn(string email, ReadOnlySpan<char> password, string? twoFactorCode)
        {
            // Sized for the worst escaping (six bytes a character), so the buffer never grows and
            // leaves no copy of the password behind; it is cleared once the body is copied out.
            var buffer = new FixedBufferWriter(4096 + 6 * (email.Length + password.Length + (twoFactorCode?.Length ?? 0)));
            try
            {
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    writer.WriteStartObject();
                    writer.WriteString("email", email);
                    writer.WriteString("password", password);
                    if (twoFactorCode != null) writer.WriteString("twoFactorCode", twoFactorCode);
                    writer.WriteEndObject();
                }

                return buffer.WrittenSpan.ToArray();
            }
            finally
            {
                buffer.Clear();
            }
        }

        /// <summary>Reads a whole body that must be exactly one token.</summary>
        public static AccessToken ParseToken(ReadOnlySpan<byte> body) => Parse(body, Context.AccessTokenWire, "an access token").ToModel(UnknownFields.Collect(body));

        /// <summary>Reads a <c>success</c> body: <c>{"success": true}</c>.</summary>
        public static void ParseSuccess(ReadOnlySpan<byte> body)
        {
            if (Parse(body, Context.SuccessBody, "the answer").Success != true) throw Shape("expected {\"success\": true}");
        }

        /// <summary>Reads the API's error body, <c>{"type": ..., "message": ...}</c>; null when it is not one.</summary>
        public static (string? Type, string? Message)? TryParseError(ReadOnlySpan<byte> body)
        {
            try
            {
                // The reader overload reads the first value only: an error body stays readable when something follows it.
                var reader = new Utf8JsonReader(body);
                var error = JsonSerializer.Deserialize(ref reader, Context.ErrorBody);
                return error == null || (error.Type == null && error.Message == null) ? null : (error.Type, error.Message);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        /// <summary>The body of an update: only the fields set.</summary>
        public static byte[] WritePatch(AccessTokenPatch patch) => JsonSerializer.SerializeToUtf8Bytes(patch, Context.AccessTokenPatch);

        /// <summary>The body of a creation: the name and only the other fields set.</summary>
        public static byte[] WritePost(AccessTokenPost post) => JsonSerializer.SerializeToUtf8Bytes(post, Context.AccessTokenPost);

        /// <summary>A body that is JSON but not of the contract's shape; <paramref name="what"/> says how.</summary>
        internal static InvalidResponseException Shape(string what, Exception? inner = null) =>
            new InvalidResponseException("The answer is not the JSON expected: " + what + ".", inner);

        /// <summary>A JSON value's kind as a message names it: "an array", "null", ...</summary>
        internal static string Describe(JsonTokenType type) => type switch
        {
            JsonTokenType.StartArray => "an array",
            JsonTokenType.StartObject => "an object",
            JsonTokenType.String => "a string",
            JsonTokenType.Number => "a number",
            JsonTokenType.True or JsonTokenType.False => "a boolean",
            JsonTokenType.Null => "null",
            _ => type.ToString(),
        };

        private static T ReadItem<T>(ref Utf8JsonReader reader, JsonTypeInfo<T> typeInfo, string subject)
        {
            var start = reader;
            try
            {
                return JsonSerializer.Deserialize(ref reader, typeInfo) ?? throw NullBody(subject);
            }
            catch (JsonException e)
            {
                throw JsonFailure.ToInvalidResponse(e, start, typeInfo, subject);
            }
        }

        private static T Parse<T>(ReadOnlySpan<byte> body, JsonTypeInfo<T> typeInfo, string subject)
            where T : class
        {
            if (body.IsEmpty) throw Shape("the body is empty");
            try
            {
                return JsonSerializer.Deserialize(body, typeInfo) ?? throw NullBody(subject);
            }
            catch (JsonException e)
            {
                throw JsonFailure.ToInvalidResponse(e, new Utf8JsonReader(body), typeInfo, subject);
            }
        }

        private static InvalidResponseException NullBody(string subject) => Shape(subject + " must be a JSON object, not null");
    }
}
