namespace ServingMath;

/// <summary>One turn of a chat conversation as a prefix cache sees it (<see cref="PrefixCaching.Conversation"/>).</summary>
/// <param name="Turn">The turn's number, 1 for the first question. Range: ≥ 1.</param>
/// <param name="PromptTokens">The prompt the server receives: system prompt, every earlier question and answer, and this question, tokens.</param>
/// <param name="CachedTokens">How many of those tokens the prefix cache already holds (whole 16-token blocks), tokens.</param>
/// <param name="PrefillTokens">The tokens prefill still computes: prompt − cached, tokens. Range: ≥ 1 (the last prompt token is always computed).</param>
public sealed record ConversationTurn(int Turn, int PromptTokens, int CachedTokens, int PrefillTokens);
