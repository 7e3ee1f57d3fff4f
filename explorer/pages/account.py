"""Account: sign in or out, and see which view of the graph you are getting."""

import streamlit as st

from explorer import state

st.title("Account")
st.markdown(state.access_note())

if "viewer" in st.session_state or (state.oidc_configured() and st.user.is_logged_in):
    if st.button("Sign out", key="account-sign-out"):
        state.sign_out()
        st.rerun()
    st.stop()

if state.oidc_configured():
    st.button("Sign in with the chapter's identity provider", key="account-oidc", on_click=st.login)

if not state.users():
    st.info(
        "No users are configured. An organiser adds people with "
        "`praxis users add NICKNAME --role member` on the machine that holds the store."
    )
    st.stop()

with st.form("account-sign-in"):
    nickname = st.text_input("Nickname", key="account-nickname")
    password = st.text_input("Password", type="password", key="account-password")
    submitted = st.form_submit_button("Sign in")
if submitted:
    refused = state.sign_in(nickname, password)
    if refused is None:
        st.rerun()
    st.error(refused)
