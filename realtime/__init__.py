"""The one door for real-time events (`realtime.events`). It sits below every
domain app, so that any app's services can announce what they committed."""
