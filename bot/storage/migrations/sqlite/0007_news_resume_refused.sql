-- Discord refusing one post's content (a 400) used to pause the subscription as 'refused', so one bad payload
-- stopped every later report in every server. Only a refusal of the channel itself pauses a subscription now:
-- resume the ones paused that way.
UPDATE news_subscriptions SET paused_reason = NULL, paused_detail = '', paused_at = NULL
    WHERE paused_reason = 'refused';
