from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'author.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    l_0_post_list = l_0_pager = l_0_author_links = l_0_avatar = missing
    pass
    parent_template = environment.get_template('base.html', 'author.html')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    included_template = environment.get_template('partials/macros.html', 'author.html').make_module(context.get_all(), True, {'author_links': l_0_author_links, 'avatar': l_0_avatar, 'pager': l_0_pager, 'post_list': l_0_post_list})
    l_0_post_list = getattr(included_template, 'post_list', missing)
    if l_0_post_list is missing:
        l_0_post_list = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'author.html') does not export the requested name 'post_list'", name='post_list')
    l_0_pager = getattr(included_template, 'pager', missing)
    if l_0_pager is missing:
        l_0_pager = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'author.html') does not export the requested name 'pager'", name='pager')
    l_0_author_links = getattr(included_template, 'author_links', missing)
    if l_0_author_links is missing:
        l_0_author_links = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'author.html') does not export the requested name 'author_links'", name='author_links')
    l_0_avatar = getattr(included_template, 'avatar', missing)
    if l_0_avatar is missing:
        l_0_avatar = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'author.html') does not export the requested name 'avatar'", name='avatar')
    context.vars.update({'post_list': l_0_post_list, 'pager': l_0_pager, 'author_links': l_0_author_links, 'avatar': l_0_avatar})
    context.exported_vars.difference_update(('post_list', 'pager', 'author_links', 'avatar'))
    yield from parent_template.root_render_func(context)

def block_content(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_avatar = resolve('avatar')
    l_0_author = resolve('author')
    l_0_link = resolve('link')
    l_0__ = resolve('_')
    l_0_page = resolve('page')
    l_0_author_links = resolve('author_links')
    l_0_posts = resolve('posts')
    l_0_post_list = resolve('post_list')
    l_0_pager = resolve('pager')
    try:
        t_1 = environment.filters['safe']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'safe' found.")
    pass
    yield '<header class="page-header author-header h-card">\n'
    yield escape(context.call((undefined(name='avatar') if l_0_avatar is missing else l_0_avatar), (undefined(name='author') if l_0_author is missing else l_0_author), 96, _block_vars=_block_vars))
    yield '\n<div>\n<p class="kicker"><a href="'
    yield escape(context.call((undefined(name='link') if l_0_link is missing else l_0_link), '/authors/', _block_vars=_block_vars))
    yield '">'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Authors', _block_vars=_block_vars))
    yield '</a></p>\n<h1 class="p-name">'
    yield escape(environment.getattr((undefined(name='author') if l_0_author is missing else l_0_author), 'name'))
    yield '</h1>\n'
    if environment.getattr((undefined(name='author') if l_0_author is missing else l_0_author), 'tagline'):
        pass
        yield '<p class="tagline p-note">'
        yield escape(environment.getattr((undefined(name='author') if l_0_author is missing else l_0_author), 'tagline'))
        yield '</p>'
    yield '</div>\n</header>\n'
    if (environment.getattr(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'pager'), 'number') == 1):
        pass
        if environment.getattr((undefined(name='author') if l_0_author is missing else l_0_author), 'bio_html'):
            pass
            yield '<section class="bio" aria-label="'
            yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Biography', _block_vars=_block_vars))
            yield '">'
            yield escape(t_1(environment.getattr((undefined(name='author') if l_0_author is missing else l_0_author), 'bio_html')))
            yield '</section>'
        yield escape(context.call((undefined(name='author_links') if l_0_author_links is missing else l_0_author_links), (undefined(name='author') if l_0_author is missing else l_0_author), _block_vars=_block_vars))
        yield '\n'
    yield '<h2 class="section-title">'
    yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Posts by %(name)s', name=environment.getattr((undefined(name='author') if l_0_author is missing else l_0_author), 'name'), _block_vars=_block_vars))
    if (environment.getattr(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'pager'), 'total') > 1):
        pass
        yield ' '
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), '(page %(number)s of %(total)s)', number=environment.getattr(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'pager'), 'number'), total=environment.getattr(environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'pager'), 'total'), _block_vars=_block_vars))
    yield '</h2>\n'
    if (undefined(name='posts') if l_0_posts is missing else l_0_posts):
        pass
        yield escape(context.call((undefined(name='post_list') if l_0_post_list is missing else l_0_post_list), (undefined(name='posts') if l_0_posts is missing else l_0_posts), 3, _block_vars=_block_vars))
        yield '\n'
    else:
        pass
        yield '<p>'
        yield escape(context.call((undefined(name='_') if l_0__ is missing else l_0__), 'No posts yet.', _block_vars=_block_vars))
        yield '</p>\n'
    yield escape(context.call((undefined(name='pager') if l_0_pager is missing else l_0_pager), environment.getattr((undefined(name='page') if l_0_page is missing else l_0_page), 'pager'), context.call((undefined(name='_') if l_0__ is missing else l_0__), 'Pages of this author', _block_vars=_block_vars), _block_vars=_block_vars))
    yield '\n'

blocks = {'content': block_content}
debug_info = '1=13&2=16&3=33&5=57&7=59&8=63&9=65&12=71&13=73&14=80&16=83&17=89&18=91&20=96&22=98'

# Generated by scripts/precompile_theme.py from themes/default/templates/author.html: do not edit.
